import { createHmac } from "node:crypto";
import { DEFAULT_TOLERANCE_S, OK, parseSignatureHeader, refuse, safeEqual, type Verdict } from "./verdict.js";

/**
 * Stripe's scheme: `Stripe-Signature: t=<unix s>,v1=<hex>[,v1=<hex>…]`, each v1 an HMAC-SHA256
 * of `"<t>.<raw body>"` keyed with the endpoint's whsec_ secret used as given. During a secret
 * rotation Stripe sends one v1 per active secret, so any one matching is enough. The signature
 * is checked before the timestamp so a forged header cannot learn the clock window.
 */
export function verifyStripeSignature(rawBody: Buffer, header: string | undefined, secret: string, nowMs: number, toleranceS = DEFAULT_TOLERANCE_S): Verdict {
  if (!header) return refuse("webhook_signature_invalid", "Missing Stripe-Signature header");
  const parts = parseSignatureHeader(header);
  const t = parts.get("t")?.[0];
  const signatures = parts.get("v1") ?? [];
  if (!t || !/^\d+$/.test(t) || signatures.length === 0) {
    return refuse("webhook_signature_invalid", "Stripe-Signature header must carry t=<unix seconds> and at least one v1=<hex>");
  }
  const expected = createHmac("sha256", secret).update(`${t}.`, "utf8").update(rawBody).digest("hex");
  // Every candidate is compared, match or not, so timing does not reveal which one matched.
  let matched = false;
  for (const candidate of signatures) matched = safeEqual(expected, candidate.toLowerCase()) || matched;
  if (!matched) return refuse("webhook_signature_invalid", "No v1 signature in Stripe-Signature matches the body and the connection's webhook secret");
  if (Math.abs(nowMs / 1000 - Number(t)) > toleranceS) {
    return refuse("webhook_timestamp_stale", `Stripe-Signature timestamp ${t} is more than ${toleranceS} s from now`);
  }
  return OK;
}

/** Builds a header as Stripe would: for tests and for the sandbox-free examples. */
export function stripeSignatureHeader(rawBody: string | Buffer, secret: string, timestampS: number): string {
  const sig = createHmac("sha256", secret).update(`${timestampS}.`, "utf8").update(rawBody).digest("hex");
  return `t=${timestampS},v1=${sig}`;
}
