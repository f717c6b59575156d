import { decimalToMinor } from "@codespar/protocol";
import type { PaymentSnapshot, PaymentState, ProviderRefund, RefundState } from "../contract.js";
import { tagKeyOf } from "./tag.js";
import { PAYMENT_ID_SHAPES } from "../payment-id-shapes.js";

export const ASAAS_PAYMENT_ID = PAYMENT_ID_SHAPES.asaas;
export const ASAAS_CURRENCY = "BRL";

export interface AsaasRefund {
  id?: string;
  dateCreated?: string;
  status?: string;
  value?: number | string;
  description?: string | null;
}

export interface AsaasPayment {
  id: string;
  value: number | string;
  status: string;
  refunds: AsaasRefund[];
  raw: unknown;
}

/** The payment fields we rely on, or undefined when the body is not a payment. */
export function parseAsaasPayment(body: unknown): AsaasPayment | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.id !== "string" || typeof b.status !== "string") return undefined;
  if (typeof b.value !== "number" && typeof b.value !== "string") return undefined;
  const refunds = Array.isArray(b.refunds)
    ? b.refunds.filter((r): r is AsaasRefund => typeof r === "object" && r !== null)
    : [];
  return { id: b.id, value: b.value, status: b.status, refunds, raw: body };
}

export function asaasRefundState(status: string | undefined): RefundState {
  switch (status) {
    case "DONE":
      return "succeeded";
    case "CANCELLED":
      return "canceled";
    default:
      // PENDING and the AWAITING_* authorisation states: money has not moved yet.
      return "pending";
  }
}

/**
 * Asaas refunds carry no documented id. Ours get one from the tag (stable across reads);
 * others from date, value and order of appearance.
 */
export function asaasRefundId(paymentId: string, refund: AsaasRefund, seen: Map<string, number>): string {
  if (typeof refund.id === "string" && refund.id !== "") return refund.id;
  const key = tagKeyOf(refund.description);
  if (key !== undefined) return `${paymentId}:codespar:${key}`;
  const base = `${paymentId}:${refund.dateCreated ?? "undated"}:${String(refund.value ?? "0")}`;
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  return n === 1 ? base : `${base}:${n}`;
}

export function toAsaasRefunds(paymentId: string, refunds: readonly AsaasRefund[]): ProviderRefund[] {
  const seen = new Map<string, number>();
  return refunds.map((r) => {
    const out: ProviderRefund = {
      refundId: asaasRefundId(paymentId, r, seen),
      amount: decimalToMinor(r.value ?? 0, ASAAS_CURRENCY),
      state: asaasRefundState(r.status),
      providerStatus: r.status ?? "unknown",
      createdAt: r.dateCreated ?? "",
    };
    const key = tagKeyOf(r.description);
    if (key !== undefined) out.idempotencyKey = key;
    return out;
  });
}

const PAID = new Set(["RECEIVED", "CONFIRMED", "RECEIVED_IN_CASH", "REFUND_REQUESTED", "REFUND_IN_PROGRESS"]);
const PENDING = new Set(["PENDING", "OVERDUE", "AWAITING_RISK_ANALYSIS", "AUTHORIZED"]);

/** Asaas has no "refunded so far" field: the state comes from the status and the refunds' sum. */
export function asaasPaymentState(status: string, amount: number, refunded: number): PaymentState {
  if (status === "REFUNDED") return "refunded";
  if (PAID.has(status)) {
    if (refunded <= 0) return "paid";
    return refunded >= amount ? "refunded" : "partially_refunded";
  }
  if (PENDING.has(status)) return "pending";
  if (status === "DELETED" || status === "CANCELLED") return "canceled";
  return "other";
}

export function asaasSnapshot(payment: AsaasPayment): PaymentSnapshot {
  const amount = decimalToMinor(payment.value, ASAAS_CURRENCY);
  const refunds = toAsaasRefunds(payment.id, payment.refunds);
  const refunded = refunds.filter((r) => r.state !== "canceled" && r.state !== "failed").reduce((s, r) => s + r.amount, 0);
  return {
    paymentId: payment.id,
    amount,
    currency: ASAAS_CURRENCY,
    amountRefunded: refunded,
    state: asaasPaymentState(payment.status, amount, refunded),
    providerStatus: payment.status,
    refunds,
    raw: payment.raw,
  };
}
