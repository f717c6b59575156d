import { createHmac } from "node:crypto";

/** Lowercase hex HMAC-SHA256, the digest both Stripe and Mercado Pago sign with. */
export function hmacSha256Hex(secret: string, text: string): string {
  return createHmac("sha256", secret).update(text, "utf8").digest("hex");
}
