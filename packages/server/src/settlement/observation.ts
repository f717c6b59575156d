import type { RefundState } from "@codespar/providers";

/**
 * One refund as a provider shows it (in a webhook event, or in a payment read back), amounts in
 * minor units. Settlement matches it to our refund row by refund id, else by our key.
 */
export interface RefundObservation {
  refundId?: string;
  /** Our idempotency key when the provider kept it (Stripe metadata, Asaas description tag). */
  idempotencyKey?: string;
  state: RefundState;
  amount?: number;
  currency?: string;
  providerStatus: string;
}
