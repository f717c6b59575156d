import { decimalToMinor } from "@codespar/protocol";
import type { RefundState } from "@codespar/providers";
import { isRecord, str, type RefundObservation, type WebhookEvent } from "./webhook-event.js";

const REFUND_EVENTS = new Set(["PAYMENT_REFUNDED", "PAYMENT_PARTIALLY_REFUNDED", "PAYMENT_REFUND_IN_PROGRESS", "PAYMENT_REFUND_DENIED"]);

/** The tag the Asaas adapter writes into a refund's description, since Asaas keeps no idempotency key. */
const TAG = /\[codespar:([^\]\s]+)\]/;

/** An Asaas webhook body (`{ id, event, dateCreated, payment }`), or undefined when it is not one. */
export function parseAsaasEvent(body: Record<string, unknown>): WebhookEvent | undefined {
  const eventId = str(body.id);
  const type = str(body.event);
  if (!eventId || !type || !isRecord(body.payment)) return undefined;
  const paymentId = str(body.payment.id);
  if (!paymentId) return undefined;
  if (!REFUND_EVENTS.has(type)) return { eventId, type, relevant: false, observations: [] };
  const paymentState = body.payment.status === "REFUNDED" ? { paymentState: "refunded" as const } : {};
  // Deliveries that leave refunds[] out (it is null before the first refund) are read back.
  if (!Array.isArray(body.payment.refunds)) return { eventId, type, relevant: true, observations: [], lookupPaymentId: paymentId, ...paymentState };
  const observations = body.payment.refunds.filter(isRecord).map((r) => asaasRefund(paymentId, r));
  return { eventId, type, relevant: true, observations, ...paymentState };
}

function asaasRefund(paymentId: string, r: Record<string, unknown>): RefundObservation {
  const status = str(r.status) ?? "unknown";
  const key = typeof r.description === "string" ? TAG.exec(r.description)?.[1] : undefined;
  const refundId = str(r.id) ?? (key ? `${paymentId}:codespar:${key}` : undefined);
  const value = typeof r.value === "number" || typeof r.value === "string" ? safeMinor(r.value) : undefined;
  return {
    state: asaasRefundState(status),
    providerStatus: status,
    currency: "BRL",
    ...(refundId ? { refundId } : {}),
    ...(key ? { idempotencyKey: key } : {}),
    ...(value !== undefined ? { amount: value } : {}),
  };
}

function safeMinor(value: number | string): number | undefined {
  try {
    return decimalToMinor(value, "BRL");
  } catch {
    return undefined;
  }
}

export function asaasRefundState(status: string): RefundState {
  if (status === "DONE") return "succeeded";
  if (status === "CANCELLED") return "canceled";
  return "pending";
}
