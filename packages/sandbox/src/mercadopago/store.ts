import { mercadoPagoTimestamp } from "../dates.js";
import type { SandboxEvents } from "../events.js";
import { randomDigits } from "../random.js";
import type { SandboxRefundRecord } from "../types.js";

export type MpStatus = "approved" | "refunded";
export type MpStatusDetail = "accredited" | "partially_refunded" | "refunded";

export interface MpRefund {
  id: number;
  paymentId: number;
  amount: number;
  status: "approved";
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

  constructor(private readonly events: SandboxEvents) {}

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

  refunded(payment: MpPayment): number {
    return payment.refunds.reduce((sum, r) => sum + r.amount, 0);
  }

  /** Records an already validated refund and moves the payment's status along. */
  addRefund(payment: MpPayment, amount: number, metadata: Record<string, unknown>, idempotencyKey?: string): MpRefund {
    const now = new Date();
    const refund: MpRefund = {
      id: this.nextRefundId++,
      paymentId: payment.id,
      amount,
      status: "approved",
      dateCreated: mercadoPagoTimestamp(now),
      createdAt: now.toISOString(),
      metadata,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    };
    payment.refunds.push(refund);
    const full = this.refunded(payment) >= payment.amount;
    payment.status = full ? "refunded" : "approved";
    payment.statusDetail = full ? "refunded" : "partially_refunded";
    payment.dateLastUpdated = refund.dateCreated;
    this.events.emitRefund({ type: "refund.created", record: ledgerRecord(payment, refund), payload: refund });
    return refund;
  }

  ledger(): SandboxRefundRecord[] {
    const out: SandboxRefundRecord[] = [];
    for (const p of this.payments.values()) for (const r of p.refunds) out.push(ledgerRecord(p, r));
    return out.sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  clear(): void {
    this.payments.clear();
  }
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
