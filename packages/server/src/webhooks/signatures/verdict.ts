import { createHash, timingSafeEqual } from "node:crypto";

/** Why a delivery was refused, as an error code from the catalogue and a sentence for the sender. */
export type Verdict =
  | { ok: true }
  | { ok: false; code: "webhook_signature_invalid" | "webhook_timestamp_stale"; message: string };

export const OK: Verdict = { ok: true };

export function refuse(code: "webhook_signature_invalid" | "webhook_timestamp_stale", message: string): Verdict {
  return { ok: false, code, message };
}

/** Providers sign with a timestamp; older or newer than this by more is refused (Stripe's default). */
export const DEFAULT_TOLERANCE_S = 300;

/**
 * Constant-time equality for secrets and signatures. Both sides are hashed first so that
 * neither the comparison nor an early length check tells an attacker how close a guess was.
 */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a, "utf8").digest();
  const hb = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(ha, hb);
}

/** One header value, whatever Node made of it (repeated headers arrive as arrays). */
export function headerValue(raw: string | string[] | undefined): string | undefined {
  const v = Array.isArray(raw) ? raw[0] : raw;
  const trimmed = v?.trim();
  return trimmed ? trimmed : undefined;
}

/** `k=v,k=v` signature headers (Stripe-Signature, x-signature); repeated keys keep every value. */
export function parseSignatureHeader(header: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (!value) continue;
    out.set(key, [...(out.get(key) ?? []), value]);
  }
  return out;
}
