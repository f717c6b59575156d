import { decimalToMinor } from "@codespar/protocol";
import type { PaymentSnapshot, PaymentState, ProviderRefund, RefundState } from "../contract.js";
import { PAYMENT_ID_SHAPES } from "../payment-id-shapes.js";

export const MERCADOPAGO_PAYMENT_ID = PAYMENT_ID_SHAPES.mercadopago;

export interface MercadoPagoRefund {
  id: string;
  amount: number | string;
  status: string;
  dateCreated: string;
  raw: unknown;
}

export interface MercadoPagoPayment {
  id: string;
  status: string;
  statusDetail: string | undefined;
  amount: number | string;
  currency: string;
  refunds: MercadoPagoRefund[];
  raw: unknown;
}

function idText(v: unknown): string | undefined {
  if (typeof v === "number" && Number.isSafeInteger(v)) return String(v);
  if (typeof v === "string" && v !== "") return v;
  return undefined;
}

/** A refund object (`POST /v1/payments/:id/refunds` answer or an item of `refunds[]`). */
export function parseMercadoPagoRefund(body: unknown): MercadoPagoRefund | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const id = idText(b.id);
  if (id === undefined || (typeof b.amount !== "number" && typeof b.amount !== "string")) return undefined;
  return {
    id,
    amount: b.amount,
    status: typeof b.status === "string" ? b.status : "unknown",
    dateCreated: typeof b.date_created === "string" ? b.date_created : "",
    raw: body,
  };
}

export function parseMercadoPagoPayment(body: unknown): MercadoPagoPayment | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const id = idText(b.id);
  if (id === undefined || typeof b.status !== "string" || typeof b.currency_id !== "string") return undefined;
  if (typeof b.transaction_amount !== "number" && typeof b.transaction_amount !== "string") return undefined;
  const refunds = Array.isArray(b.refunds)
    ? b.refunds.map(parseMercadoPagoRefund).filter((r): r is MercadoPagoRefund => r !== undefined)
    : [];
  return {
    id,
    status: b.status,
    statusDetail: typeof b.status_detail === "string" ? b.status_detail : undefined,
    amount: b.transaction_amount,
    currency: b.currency_id.toUpperCase(),
    refunds,
    raw: body,
  };
}

export function mercadoPagoRefundState(status: string): RefundState {
  switch (status) {
    case "approved":
      return "succeeded";
    case "rejected":
      return "failed";
    case "cancelled":
      return "canceled";
    default:
      // in_process, authorized, or newer words: not final.
      return "pending";
  }
}

export function mercadoPagoPaymentState(status: string, amount: number, refunded: number): PaymentState {
  switch (status) {
    case "approved":
      if (refunded <= 0) return "paid";
      return refunded >= amount ? "refunded" : "partially_refunded";
    case "refunded":
      return "refunded";
    case "pending":
    case "in_process":
    case "authorized":
    case "in_mediation":
      return "pending";
    case "rejected":
      return "failed";
    case "cancelled":
      return "canceled";
    default:
      return "other";
  }
}

export function toMercadoPagoRefund(r: MercadoPagoRefund, currency: string): ProviderRefund {
  return {
    refundId: r.id,
    amount: decimalToMinor(r.amount, currency),
    state: mercadoPagoRefundState(r.status),
    providerStatus: r.status,
    createdAt: r.dateCreated,
  };
}

export function mercadoPagoSnapshot(p: MercadoPagoPayment): PaymentSnapshot {
  const amount = decimalToMinor(p.amount, p.currency);
  const refunds = p.refunds.map((r) => toMercadoPagoRefund(r, p.currency));
  const refunded = refunds.filter((r) => r.state === "succeeded" || r.state === "pending").reduce((s, r) => s + r.amount, 0);
  return {
    paymentId: p.id,
    amount,
    currency: p.currency,
    amountRefunded: refunded,
    state: mercadoPagoPaymentState(p.status, amount, refunded),
    providerStatus: p.status,
    refunds,
    raw: p.raw,
  };
}
