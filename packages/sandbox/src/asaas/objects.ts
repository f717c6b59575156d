import { toMajor } from "../money.js";
import type { AsaasCustomer, AsaasPayment, AsaasRefund, BillingType } from "./store.js";

/** Asaas keeps its own fee per billing type; netValue is what lands in the account. */
function fee(value: number, billingType: BillingType): number {
  if (billingType === "CREDIT_CARD") return Math.round((value * 299) / 10_000) + 49;
  return 99;
}

export function refundObject(r: AsaasRefund): Record<string, unknown> {
  return {
    id: r.id,
    dateCreated: r.dateCreated,
    status: r.status,
    value: toMajor(r.value),
    endToEndIdentifier: null,
    description: r.description,
    effectiveDate: r.status === "DONE" ? r.dateCreated : null,
    transactionReceiptUrl: null,
    refundedSplits: [],
  };
}

export function paymentObject(p: AsaasPayment): Record<string, unknown> {
  const received = p.paymentDate !== null;
  return {
    object: "payment",
    id: p.id,
    dateCreated: p.dateCreated,
    customer: p.customer,
    subscription: null,
    installment: null,
    paymentLink: null,
    value: toMajor(p.value),
    netValue: toMajor(Math.max(0, p.value - fee(p.value, p.billingType))),
    originalValue: null,
    interestValue: null,
    description: p.description,
    billingType: p.billingType,
    pixTransaction: null,
    status: p.status,
    dueDate: p.dueDate,
    originalDueDate: p.dueDate,
    paymentDate: p.paymentDate,
    clientPaymentDate: p.paymentDate,
    installmentNumber: null,
    invoiceUrl: `https://sandbox.asaas.com/i/${p.id.slice(4)}`,
    invoiceNumber: p.invoiceNumber,
    externalReference: p.externalReference,
    deleted: false,
    anticipated: false,
    anticipable: false,
    creditDate: received ? p.paymentDate : null,
    estimatedCreditDate: received ? p.paymentDate : null,
    transactionReceiptUrl: null,
    nossoNumero: null,
    bankSlipUrl: null,
    lastInvoiceViewedDate: null,
    lastBankSlipViewedDate: null,
    discount: { value: 0, limitDate: null, dueDateLimitDays: 0, type: "FIXED" },
    fine: { value: 0, type: "FIXED" },
    interest: { value: 0, type: "PERCENTAGE" },
    postalService: false,
    custody: null,
    // Asaas sends null, not [], for a payment that was never refunded.
    refunds: p.refunds.length === 0 ? null : p.refunds.map(refundObject),
  };
}

export function customerObject(c: AsaasCustomer): Record<string, unknown> {
  return {
    object: "customer",
    id: c.id,
    dateCreated: c.dateCreated,
    name: c.name,
    email: c.email,
    company: null,
    phone: c.phone,
    mobilePhone: c.mobilePhone,
    address: null,
    addressNumber: null,
    complement: null,
    province: null,
    postalCode: null,
    cpfCnpj: c.cpfCnpj,
    personType: c.cpfCnpj && c.cpfCnpj.length === 14 ? "JURIDICA" : "FISICA",
    deleted: false,
    additionalEmails: null,
    externalReference: c.externalReference,
    notificationDisabled: false,
    observations: null,
    foreignCustomer: false,
  };
}

export function listObject(data: unknown[], totalCount: number, limit: number, offset: number): Record<string, unknown> {
  return { object: "list", hasMore: offset + data.length < totalCount, totalCount, limit, offset, data };
}
