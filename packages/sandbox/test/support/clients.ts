import Stripe from "stripe";
import { MercadoPagoConfig, Payment, PaymentRefund } from "mercadopago";
import { AppConfig } from "mercadopago/dist/utils/config/index.js";
import type { EmulatorHandle } from "../../src/index.js";

type StripeConfig = NonNullable<ConstructorParameters<typeof Stripe>[1]>;

/** The official stripe client, changed only in where it connects. */
export function stripeClient(h: EmulatorHandle, extra: StripeConfig = {}): Stripe {
  const url = new URL(h.url);
  return new Stripe(h.key, { host: url.hostname, port: Number(url.port), protocol: "http", maxNetworkRetries: 0, ...extra });
}

export interface MpOptions {
  maxRetries?: number;
  initialDelay?: number;
  timeout?: number;
  idempotencyKey?: string;
}

/**
 * The official mercadopago clients against the emulator. The SDK has no base-URL option;
 * AppConfig.BASE_URL is its one global. A fresh config per call because the SDK merges
 * per-request options into the shared config object.
 */
export function mercadoPago(h: EmulatorHandle, options: MpOptions = {}, accessToken = h.key) {
  (AppConfig as { BASE_URL: string }).BASE_URL = h.url;
  const config = () => new MercadoPagoConfig({ accessToken, options: { maxRetries: 0, timeout: 5000, ...options } });
  return { payment: new Payment(config()), refund: new PaymentRefund(config()) };
}

export const ASAAS_UA = "codespar-sandbox-tests/1.0";

/** Headers a well-behaved Asaas client sends. */
export function asaasHeaders(h: EmulatorHandle): Record<string, string> {
  return { access_token: h.key, "User-Agent": ASAAS_UA };
}
