import { OK, refuse, safeEqual, type Verdict } from "./verdict.js";

/**
 * Asaas signs nothing: it echoes the authentication token configured for the webhook in the
 * `asaas-access-token` header. The token is compared in constant time with the connection's
 * webhook secret. There is no timestamp, so replays are caught by the event id alone.
 */
export function verifyAsaasToken(header: string | undefined, secret: string): Verdict {
  if (!header) return refuse("webhook_signature_invalid", "Missing asaas-access-token header");
  if (!safeEqual(header, secret)) return refuse("webhook_signature_invalid", "asaas-access-token does not match the connection's webhook secret");
  return OK;
}
