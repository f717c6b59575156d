import { CodesparError } from "@codespar/protocol";
import type { PaymentProvider, ProviderConnectionConfig, ProviderId } from "./contract.js";
import { AsaasProvider } from "./asaas/provider.js";
import { MercadoPagoProvider } from "./mercadopago/provider.js";
import { StripeProvider } from "./stripe/provider.js";

/** Live base URLs. Test mode uses the same hosts (the key decides) except Asaas, whose sandbox is api-sandbox.asaas.com. */
export const DEFAULT_BASE_URLS: Readonly<Record<ProviderId, string>> = {
  stripe: "https://api.stripe.com",
  asaas: "https://api.asaas.com",
  mercadopago: "https://api.mercadopago.com",
};

/** Asaas's own test environment; the adapter appends /v3. */
export const ASAAS_SANDBOX_BASE_URL = "https://api-sandbox.asaas.com";

/**
 * Requests per second per connection that a pacer should hold to (PROVIDERS.md).
 * - Stripe: 25/s in test mode, 100/s live (per account; about 25/s per endpoint).
 * - Asaas: no per-second number, but 25,000 requests per 12 h per account (~0.58/s sustained)
 *   and 50 concurrent GETs. 10/s keeps bursts polite; a long batch still spends the 12-hour
 *   budget in about 42 minutes, so a pacer must also watch RateLimit-Remaining.
 * - Mercado Pago: no public number; 50/s is a conservative default, and its 429s carry Retry-After.
 */
export const DEFAULT_RATE_LIMITS: Readonly<Record<ProviderId, Readonly<{ test: number; live: number }>>> = {
  stripe: { test: 25, live: 100 },
  asaas: { test: 10, live: 10 },
  mercadopago: { test: 50, live: 50 },
};

type ProviderClass = new (config: ProviderConnectionConfig) => PaymentProvider;

export const PROVIDER_CLASSES: Readonly<Record<ProviderId, ProviderClass>> = {
  stripe: StripeProvider,
  asaas: AsaasProvider,
  mercadopago: MercadoPagoProvider,
};

/** One adapter for one connection; options are checked here, so a bad connection fails at load. */
export function createProvider(id: ProviderId, config: ProviderConnectionConfig): PaymentProvider {
  // `id` may come from storage or a request body at runtime, whatever its static type says.
  if (!Object.prototype.hasOwnProperty.call(PROVIDER_CLASSES, id)) {
    throw new CodesparError("invalid_request", "Unknown provider id", { field: "provider" });
  }
  return new PROVIDER_CLASSES[id](config);
}
