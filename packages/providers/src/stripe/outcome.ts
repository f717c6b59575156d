import type Stripe from "stripe";
import type { RefundOutcome } from "../contract.js";
import { stripeRefundState } from "./mapping.js";

export function refundOutcome(refund: Stripe.Refund, paymentId: string, replayed: boolean): RefundOutcome {
  return {
    refundId: refund.id,
    paymentId,
    amount: refund.amount,
    currency: refund.currency.toUpperCase(),
    state: stripeRefundState(refund.status),
    replayed,
    providerStatus: refund.status ?? "unknown",
    raw: refund,
  };
}
