/**
 * Credential shapes of the providers we speak to. A provider message may quote the key it
 * refused (Stripe masks it, others may not), so every text we keep from a provider is scrubbed.
 */
const SECRET_PATTERNS: readonly RegExp[] = [
  /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9*]+/g,
  /\bwhsec_[A-Za-z0-9]+/g,
  /\$?aact_[A-Za-z0-9+/=_$:-]+/g,
  /\b(?:APP_USR|TEST)-[A-Za-z0-9-]{10,}/g,
  /\bcsk_(?:live|test)_[A-Za-z0-9_-]+/g,
  /\bBearer\s+[^\s"',]+/gi,
];

const REDACTED = "[redacted]";

export function scrubSecrets(text: string, extra: readonly string[] = []): string {
  let out = text;
  for (const secret of extra) {
    // A very short "secret" would shred ordinary words; real credentials are long.
    if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}
