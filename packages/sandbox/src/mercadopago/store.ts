import { mercadoPagoTimestamp } from "../dates.js";
import type { RefundEvent, RefundState, RuntimeDeps, SettleResult } from "../events.js";
import { randomDigits } from "../random.js";
import type { SandboxRefundRecord, SettleOutcome } from "../types.js";

export type MpStatus = "approved" | "refunded";
export type MpStatusDetail = "accredited" | "partially_refunded" | "refunded";

export type MpRefundStatus = "approved" | "in_process" | "rejected";

const STATE: Record<MpRefundStatus, RefundState> = { approved: "succeeded", in_process: "pending", rejected: "failed" };

export interface MpRefund {
  id: number;
  paymentId: number;
  amount: number;
  status: MpRefundStatus;
  dateCreated: string;
  createdAt: string;
  metadata: Record<string, unknown>;
  idempotencyKey?: string;
}

export interface MpPayment {
  id: number;
  dateCreated: string;
  dateLastUpdated: string;
  amount: number;
  currency: string;
  paymentMethodId: string;
  paymentTypeId: string;
  status: MpStatus;
  statusDetail: MpStatusDetail;
  description: string | null;
  payerEmail: string;
  externalReference: string | null;
  metadata: Record<string, unknown>;
  installments: number;
  refunds: MpRefund[];
}

export type NewPayment = Omit<MpPayment, "id" | "dateCreated" | "dateLastUpdated" | "status" | "statusDetail" | "refunds">;

/** Payments of one emulated Mercado Pago seller. Amounts in minor units. */
export class MpStore {
  readonly payments = new Map<number, MpPayment>();
  /** The seller's user id, shown as collector_id and as the refund source. */
  readonly collectorId = Number(randomDigits(9));
  private nextPaymentId = Number(randomDigits(11));
  private nextRefundId = Number(randomDigits(10));
  private readonly refundIndex = new Map<number, { payment: MpPayment; refund: MpRefund }>();

  constructor(private readonly deps: RuntimeDeps) {}

  addPayment(input: NewPayment): MpPayment {
    const now = mercadoPagoTimestamp();
    const payment: MpPayment = {
      ...input,
      id: this.nextPaymentId++,
      dateCreated: now,
      dateLastUpdated: now,
      status: "approved",
      statusDetail: "accredited",
      refunds: [],
    };
    this.payments.set(payment.id, payment);
    return payment;
  }

  /** What no longer can be refunded: approved refunds and those still in process. */
  refunded(payment: MpPayment): number {
    return payment.refunds.filter((r) => r.status !== "rejected").reduce((sum, r) => sum + r.amount, 0);
  }

  /** Records an already validated refund and moves the payment's status along. */
  addRefund(payment: MpPayment, amount: number, metadata: Record<string, unknown>, idempotencyKey?: string): MpRefund {
    const now = new Date();
    const refund: MpRefund = {
      id: this.nextRefundId++,
      paymentId: payment.id,
      amount,
      status: this.deps.refundStartsPending() ? "in_process" : "approved",
      dateCreated: mercadoPagoTimestamp(now),
      createdAt: now.toISOString(),
      metadata,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    };
    payment.refunds.push(refund);
    this.refundIndex.set(refund.id, { payment, refund });
    this.follow(payment, refund.dateCreated);
    this.emit("created", payment, refund);
    return refund;
  }

  /** Moves an in_process refund to approved or rejected; the payment follows approved ones only. */
  settleRefund(refundId: string, outcome: SettleOutcome): SettleResult {
    const found = /^\d+$/.test(refundId) ? this.refundIndex.get(Number(refundId)) : undefined;
    if (!found) return { ok: false, reason: "not_found" };
    const { payment, refund } = found;
    if (refund.status !== "in_process") return { ok: false, reason: "not_pending" };
    refund.status = outcome === "succeeded" ? "approved" : "rejected";
    this.follow(payment, mercadoPagoTimestamp());
    this.emit("settled", payment, refund);
    return { ok: true, record: ledgerRecord(payment, refund) };
  }

  /** Status and status_detail reflect the money actually returned, i.e. approved refunds. */
  private follow(payment: MpPayment, at: string): void {
    const approved = approvedAmount(payment);
    const full = approved >= payment.amount;
    payment.status = full ? "refunded" : "approved";
    payment.statusDetail = full ? "refunded" : approved > 0 ? "partially_refunded" : "accredited";
    payment.dateLastUpdated = at;
  }

  private emit(change: RefundEvent["change"], payment: MpPayment, refund: MpRefund): void {
    this.deps.events.emitRefund({
      type: change === "created" ? "refund.created" : "refund.updated",
      change,
      state: STATE[refund.status],
      record: ledgerRecord(payment, refund),
      payload: refund,
    });
  }

  ledger(): SandboxRefundRecord[] {
    const out: SandboxRefundRecord[] = [];
    for (const p of this.payments.values()) for (const r of p.refunds) out.push(ledgerRecord(p, r));
    return out.sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  clear(): void {
    this.payments.clear();
    this.refundIndex.clear();
  }
}

/** transaction_amount_refunded: approved refunds only, never those in process or rejected. */
export function approvedAmount(payment: MpPayment): number {
  return payment.refunds.filter((r) => r.status === "approved").reduce((sum, r) => sum + r.amount, 0);
}

function ledgerRecord(payment: MpPayment, refund: MpRefund): SandboxRefundRecord {
  return {
    provider: "mercadopago",
    refund_id: String(refund.id),
    payment_id: String(payment.id),
    amount: refund.amount,
    currency: payment.currency,
    status: refund.status,
    ...(refund.idempotencyKey ? { idempotency_key: refund.idempotencyKey } : {}),
    created_at: refund.createdAt,
  };
}
