import type { RefundState } from "@codespar/providers";
import { isRecord, str, type RefundObservation, type WebhookEvent } from "./webhook-event.js";

/** The metadata key the Stripe adapter writes our idempotency key under. */
const KEY_METADATA = "codespar_idempotency_key";

/** refund.* carry the refund; charge.refunded carries the charge (its refunds when expanded). */
const REFUND_EVENTS = new Set(["refund.created", "refund.updated", "refund.failed", "charge.refund.updated"]);

/** A Stripe event body (`{ id: "evt_…", type, data: { object } }`), or undefined when it is not one. */
export function parseStripeEvent(body: Record<string, unknown>): WebhookEvent | undefined {
  const eventId = str(body.id);
  const type = str(body.type);
  const object = isRecord(body.data) ? body.data.object : undefined;
  if (!eventId || !type || !isRecord(object)) return undefined;
  if (REFUND_EVENTS.has(type)) {
    const refund = stripeRefund(object);
    return refund ? { eventId, type, relevant: true, observations: [refund] } : undefined;
  }
  if (type === "charge.refunded") {
    const chargeId = str(object.id);
    if (!chargeId) return undefined;
    const paymentState = object.refunded === true ? "refunded" as const : undefined;
    const list = isRecord(object.refunds) && Array.isArray(object.refunds.data) ? object.refunds.data : undefined;
    // Since API version 2022-11-15 a charge's refunds are not expanded in events: read them back.
    if (!list) return { eventId, type, relevant: true, observations: [], lookupPaymentId: str(object.payment_intent) ?? chargeId, ...(paymentState ? { paymentState } : {}) };
    const observations = list.flatMap((r) => (isRecord(r) ? [stripeRefund(r)].filter((o): o is RefundObservation => o !== undefined) : []));
    return { eventId, type, relevant: true, observations, ...(paymentState ? { paymentState } : {}) };
  }
  return { eventId, type, relevant: false, observations: [] };
}

function stripeRefund(r: Record<string, unknown>): RefundObservation | undefined {
  const refundId = str(r.id);
  if (!refundId) return undefined;
  const status = str(r.status) ?? "unknown";
  const key = isRecord(r.metadata) ? str(r.metadata[KEY_METADATA]) : undefined;
  const currency = str(r.currency);
  return {
    refundId,
    state: stripeRefundState(status),
    providerStatus: status,
    ...(key ? { idempotencyKey: key } : {}),
    ...(typeof r.amount === "number" && Number.isSafeInteger(r.amount) ? { amount: r.amount } : {}),
    ...(currency ? { currency: currency.toUpperCase() } : {}),
  };
}

export function stripeRefundState(status: string): RefundState {
  if (status === "succeeded") return "succeeded";
  if (status === "failed") return "failed";
  if (status === "canceled") return "canceled";
  // pending, requires_action, or newer words: not final.
  return "pending";
}
