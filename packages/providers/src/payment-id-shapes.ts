import type { ProviderId } from "./contract.js";

/**
 * Each provider's payment id shape, for routing a bare payment_id (DESIGN.md section 5).
 * Stripe: PaymentIntents pi_… and Charges ch_…; Asaas: pay_…; Mercado Pago: numeric.
 */
export const PAYMENT_ID_SHAPES: Record<ProviderId, RegExp> = {
  stripe: /^(pi|ch)_[A-Za-z0-9]+$/,
  asaas: /^pay_[A-Za-z0-9]+$/,
  mercadopago: /^\d{6,20}$/,
};

export function paymentIdMatches(provider: ProviderId, paymentId: string): boolean {
  return PAYMENT_ID_SHAPES[provider].test(paymentId);
}
