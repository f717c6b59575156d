import type { PaymentState, ProviderRefund, RefundState } from "../contract.js";
import { PAYMENT_ID_SHAPES } from "../payment-id-shapes.js";

export const STRIPE_PAYMENT_ID = PAYMENT_ID_SHAPES.stripe;

export const STRIPE_REFUND_REASONS = ["duplicate", "fraudulent", "requested_by_customer"] as const;
export type StripeRefundReason = (typeof STRIPE_REFUND_REASONS)[number];

export function isStripeRefundReason(reason: string): reason is StripeRefundReason {
  return (STRIPE_REFUND_REASONS as readonly string[]).includes(reason);
}

/** The metadata key under which each refund carries our idempotency key, for read-back. */
export const IDEMPOTENCY_METADATA_KEY = "codespar_idempotency_key";

export function stripeRefundState(status: string | null | undefined): RefundState {
  switch (status) {
    case "succeeded":
      return "succeeded";
    case "failed":
      return "failed";
    case "canceled":
      return "canceled";
    default:
      // pending, requires_action, or a status newer than this code: not final, so not a success.
      return "pending";
  }
}

/** The refund fields we read; a subset of Stripe.Refund so tests can build them by hand. */
export interface StripeRefundLike {
  id: string;
  amount: number;
  status: string | null;
  created: number;
  metadata?: Record<string, string> | null;
}

export function toProviderRefund(r: StripeRefundLike): ProviderRefund {
  const refund: ProviderRefund = {
    refundId: r.id,
    amount: r.amount,
    state: stripeRefundState(r.status),
    providerStatus: r.status ?? "unknown",
    createdAt: new Date(r.created * 1000).toISOString(),
  };
  const key = r.metadata?.[IDEMPOTENCY_METADATA_KEY];
  if (key !== undefined) refund.idempotencyKey = key;
  return refund;
}

/** Refunds that moved or may still move money: everything not failed or canceled. */
export function refundedTotal(refunds: readonly ProviderRefund[]): number {
  return refunds.filter((r) => r.state === "succeeded" || r.state === "pending").reduce((sum, r) => sum + r.amount, 0);
}

function settledState(amount: number, refunded: number): PaymentState {
  if (refunded <= 0) return "paid";
  return refunded >= amount ? "refunded" : "partially_refunded";
}

/** PaymentIntent status -> our state; refunds decide between paid and (partially) refunded. */
export function stripeIntentState(status: string, amount: number, refunded: number): PaymentState {
  switch (status) {
    case "succeeded":
      return settledState(amount, refunded);
    case "processing":
    case "requires_payment_method":
    case "requires_confirmation":
    case "requires_action":
    case "requires_capture":
      return "pending";
    case "canceled":
      return "canceled";
    default:
      return "other";
  }
}

export function stripeChargeState(status: string, amount: number, refunded: number, fullyRefunded: boolean): PaymentState {
  switch (status) {
    case "succeeded":
      return fullyRefunded ? "refunded" : settledState(amount, refunded);
    case "pending":
      return "pending";
    case "failed":
      return "failed";
    default:
      return "other";
  }
}
