import type { SandboxProvider } from "./types.js";
import { randomBase62, randomBase64Url, randomDigits, randomHex } from "./random.js";

/**
 * A credential in the provider's own test form, so code that sniffs key prefixes
 * (test vs live) treats the emulator's key exactly like a real test key.
 */
export function generateKey(provider: SandboxProvider): string {
  switch (provider) {
    case "stripe":
      return `sk_test_51${randomBase62(30)}`;
    case "asaas":
      // Asaas sandbox keys carry the "hmlg" (homologação) marker after the $aact_ prefix.
      return `$aact_hmlg_000${randomBase64Url(48)}`;
    case "mercadopago":
      // Shape of MP test access tokens: TEST-<app id>-<mmddhh>-<32 hex>-<user id>.
      return `TEST-${randomDigits(16)}-${randomDigits(6)}-${randomHex(32)}-${randomDigits(9)}`;
  }
}
