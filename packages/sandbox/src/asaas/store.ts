import { saoPauloDate, saoPauloDateTime } from "../dates.js";
import type { SandboxEvents } from "../events.js";
import { randomDigits, randomLowerAlnum } from "../random.js";
import type { SandboxRefundRecord } from "../types.js";

export type BillingType = "PIX" | "BOLETO" | "CREDIT_CARD" | "UNDEFINED";
export type PaymentStatus = "PENDING" | "RECEIVED" | "CONFIRMED" | "RECEIVED_IN_CASH" | "REFUNDED";

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
  status: "PENDING" | "CANCELLED" | "DONE";
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
}

/** Customers and payments of one emulated Asaas account. Amounts in centavos. */
export class AsaasStore {
  readonly customers = new Map<string, AsaasCustomer>();
  readonly payments = new Map<string, AsaasPayment>();
  private invoiceSeq = 5100;

  constructor(private readonly events: SandboxEvents) {}

  addCustomer(input: Omit<AsaasCustomer, "id" | "dateCreated">): AsaasCustomer {
    const customer: AsaasCustomer = { ...input, id: `cus_${randomDigits(12)}`, dateCreated: saoPauloDate() };
    this.customers.set(customer.id, customer);
    return customer;
  }

  addPayment(input: Omit<AsaasPayment, "id" | "dateCreated" | "invoiceNumber" | "refunds">): AsaasPayment {
    const payment: AsaasPayment = {
      ...input,
      id: `pay_${randomLowerAlnum(16)}`,
      dateCreated: saoPauloDate(),
      invoiceNumber: String(++this.invoiceSeq).padStart(8, "0"),
      refunds: [],
    };
    this.payments.set(payment.id, payment);
    return payment;
  }

  /** Sum of refunds that still count (not cancelled); Asaas has no such field itself. */
  refunded(payment: AsaasPayment): number {
    return payment.refunds.filter((r) => r.status !== "CANCELLED").reduce((sum, r) => sum + r.value, 0);
  }

  /** Records an already validated refund; a payment refunded in full becomes REFUNDED. */
  addRefund(payment: AsaasPayment, value: number, description: string | null): AsaasRefund {
    const now = new Date();
    const refund: AsaasRefund = {
      id: `ref_${randomLowerAlnum(16)}`,
      dateCreated: saoPauloDateTime(now),
      createdAt: now.toISOString(),
      status: "DONE",
      value,
      description,
    };
    payment.refunds.push(refund);
    if (this.refunded(payment) >= payment.value) payment.status = "REFUNDED";
    this.events.emitRefund({ type: "refund.created", record: ledgerRecord(payment, refund), payload: { payment: payment.id, refund } });
    return refund;
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
