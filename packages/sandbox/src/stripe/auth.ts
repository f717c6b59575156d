import { header, type SandboxRequest } from "../http/request.js";
import type { HttpResult } from "../http/result.js";
import { apiKeyInvalid, apiKeyMissing } from "./errors.js";

/**
 * The key a request presents: Bearer, or HTTP Basic with the key as user name (curl -u
 * and some SDK versions do that).
 */
export function presentedKey(req: SandboxRequest): string | undefined {
  const value = header(req, "authorization")?.trim();
  if (!value) return undefined;
  const space = value.indexOf(" ");
  if (space === -1) return undefined;
  const scheme = value.slice(0, space).toLowerCase();
  const credential = value.slice(space + 1).trim();
  if (scheme === "bearer") return credential || undefined;
  if (scheme === "basic") {
    const decoded = Buffer.from(credential, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return (colon === -1 ? decoded : decoded.slice(0, colon)) || undefined;
  }
  return undefined;
}

/** Stripe's 401 for a missing or wrong key, else null. */
export function authenticate(req: SandboxRequest, key: string): HttpResult | null {
  const presented = presentedKey(req);
  if (presented === undefined) return apiKeyMissing();
  return presented === key ? null : apiKeyInvalid(presented);
}
