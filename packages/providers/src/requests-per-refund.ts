import type { ProviderId } from "./contract.js";

/**
 * Provider requests a refund costs on its first attempt, read from the adapters: Stripe sends one
 * POST; Asaas one POST (it reads first only on retries and re-runs); Mercado Pago reads the
 * payment (its refund takes major units and its answer names no currency), then POSTs. Retries
 * and read-backs cost more. The adapter contract test holds each adapter to its number.
 */
export const REQUESTS_PER_FIRST_REFUND: Readonly<Record<ProviderId, number>> = { stripe: 1, asaas: 1, mercadopago: 2 };

/**
 * The fastest a mix of refunds can finish under per-provider request limits, in refunds per
 * second: the mix is done when its slowest provider is, so N / max over providers of
 * (N_p × cost_p / limit_p). Providers with no refunds in the mix do not count.
 */
export function refundCeilingPerSecond(refunds: Partial<Record<ProviderId, number>>, limits: Readonly<Record<ProviderId, number>>): number {
  const entries = (Object.entries(refunds) as [ProviderId, number][]).filter(([, n]) => n > 0);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  const slowest = Math.max(...entries.map(([p, n]) => (n * REQUESTS_PER_FIRST_REFUND[p]) / limits[p]));
  return total / slowest;
}
