import { saoPauloDate, saoPauloDateTime } from "../dates.js";
import type { RefundEvent, RefundState, RuntimeDeps, SettleResult } from "../events.js";
import { randomDigits, randomLowerAlnum } from "../random.js";
import type { SandboxRefundRecord, SettleOutcome } from "../types.js";

export type BillingType = "PIX" | "BOLETO" | "CREDIT_CARD" | "UNDEFINED";
export type PaymentStatus = "PENDING" | "RECEIVED" | "CONFIRMED" | "RECEIVED_IN_CASH" | "REFUNDED" | "REFUND_IN_PROGRESS";
export type AsaasRefundStatus = "PENDING" | "CANCELLED" | "DONE";

const STATE: Record<AsaasRefundStatus, RefundState> = { PENDING: "pending", DONE: "succeeded", CANCELLED: "failed" };

export interface AsaasCustomer {
  id: string;
  dateCreated: string;
  name: string;
  email: string | null;
  cpfCnpj: string | null;
  phone: string | null;
  mobilePhone: string | null;
  externalReference: string | null;
}

export interface AsaasRefund {
  id: string;
  dateCreated: string;
  createdAt: string;
  status: AsaasRefundStatus;
  value: number;
  description: string | null;
}

export interface AsaasPayment {
  id: string;
  dateCreated: string;
  customer: string;
  billingType: BillingType;
  value: number;
  status: PaymentStatus;
  dueDate: string;
  paymentDate: string | null;
  description: string | null;
  externalReference: string | null;
  invoiceNumber: string;
  refunds: AsaasRefund[];
  /** While a refund is PENDING the payment shows REFUND_IN_PROGRESS; this is what it returns to. */
  statusBeforeRefund: PaymentStatus | null;
}

/** Customers and payments of one emulated Asaas account. Amounts in centavos. */
export class AsaasStore {
  readonly customers = new Map<string, AsaasCustomer>();
  readonly payments = new Map<string, AsaasPayment>();
  private invoiceSeq = 5100;
  private readonly refundIndex = new Map<string, { payment: AsaasPayment; refund: AsaasRefund }>();

  constructor(private readonly deps: RuntimeDeps) {}

  addCustomer(input: Omit<AsaasCustomer, "id" | "dateCreated">): AsaasCustomer {
    const customer: AsaasCustomer = { ...input, id: `cus_${randomDigits(12)}`, dateCreated: saoPauloDate() };
    this.customers.set(customer.id, customer);
    return customer;
  }

  addPayment(input: Omit<AsaasPayment, "id" | "dateCreated" | "invoiceNumber" | "refunds" | "statusBeforeRefund">): AsaasPayment {
    const payment: AsaasPayment = {
      ...input,
      id: `pay_${randomLowerAlnum(16)}`,
      dateCreated: saoPauloDate(),
      invoiceNumber: String(++this.invoiceSeq).padStart(8, "0"),
      refunds: [],
      statusBeforeRefund: null,
    };
    this.payments.set(payment.id, payment);
    return payment;
  }

  /** Sum of refunds that still count (not cancelled); Asaas has no such field itself. */
  refunded(payment: AsaasPayment): number {
    return payment.refunds.filter((r) => r.status !== "CANCELLED").reduce((sum, r) => sum + r.value, 0);
  }

  /**
   * Records an already validated refund. Done at once: a payment refunded in full becomes
   * REFUNDED. Pending: the payment shows REFUND_IN_PROGRESS until it settles.
   */
  addRefund(payment: AsaasPayment, value: number, description: string | null): AsaasRefund {
    const now = new Date();
    const pending = this.deps.refundStartsPending();
    const refund: AsaasRefund = {
      id: `ref_${randomLowerAlnum(16)}`,
      dateCreated: saoPauloDateTime(now),
      createdAt: now.toISOString(),
      status: pending ? "PENDING" : "DONE",
      value,
      description,
    };
    payment.refunds.push(refund);
    this.refundIndex.set(refund.id, { payment, refund });
    if (pending) {
      payment.statusBeforeRefund = payment.status;
      payment.status = "REFUND_IN_PROGRESS";
    } else if (this.refunded(payment) >= payment.value) {
      payment.status = "REFUNDED";
    }
    this.emit("created", payment, refund);
    return refund;
  }

  /** DONE: REFUNDED when nothing is left, else the payment's prior status. CANCELLED: the prior status. */
  settleRefund(refundId: string, outcome: SettleOutcome): SettleResult {
    const found = this.refundIndex.get(refundId);
    if (!found) return { ok: false, reason: "not_found" };
    const { payment, refund } = found;
    if (refund.status !== "PENDING") return { ok: false, reason: "not_pending" };
    refund.status = outcome === "succeeded" ? "DONE" : "CANCELLED";
    // Always set while a refund is PENDING; RECEIVED only guards a payment restored by hand.
    const prior = payment.statusBeforeRefund ?? "RECEIVED";
    payment.status = refund.status === "DONE" && this.refunded(payment) >= payment.value ? "REFUNDED" : prior;
    payment.statusBeforeRefund = null;
    this.emit("settled", payment, refund);
    return { ok: true, record: ledgerRecord(payment, refund) };
  }

  private emit(change: RefundEvent["change"], payment: AsaasPayment, refund: AsaasRefund): void {
    this.deps.events.emitRefund({
      type: change === "created" ? "refund.created" : "refund.updated",
      change,
      state: STATE[refund.status],
      record: ledgerRecord(payment, refund),
      payload: { payment: payment.id, refund },
    });
  }

  ledger(): SandboxRefundRecord[] {
    const out: SandboxRefundRecord[] = [];
    for (const payment of this.payments.values()) {
      for (const refund of payment.refunds) out.push(ledgerRecord(payment, refund));
    }
    return out.sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  clear(): void {
    this.customers.clear();
    this.payments.clear();
    this.refundIndex.clear();
  }
}

function ledgerRecord(payment: AsaasPayment, refund: AsaasRefund): SandboxRefundRecord {
  return {
    provider: "asaas",
    refund_id: refund.id,
    payment_id: payment.id,
    amount: refund.value,
    currency: "BRL",
    status: refund.status,
    created_at: refund.createdAt,
  };
}
