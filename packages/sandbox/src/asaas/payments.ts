import { saoPauloDate } from "../dates.js";
import { json, type HttpResult } from "../http/result.js";
import { toMinor } from "../money.js";
import { optionalString, type AsaasContext } from "./context.js";
import { invalid, notFound } from "./errors.js";
import { listObject, paymentObject } from "./objects.js";
import type { AsaasPayment, BillingType, PaymentStatus } from "./store.js";

const BILLING_TYPES: readonly BillingType[] = ["PIX", "BOLETO", "CREDIT_CARD", "UNDEFINED"];
const AWAITING: readonly PaymentStatus[] = ["PENDING"];

export function createPayment({ body, store }: AsaasContext): HttpResult {
  const customerId = optionalString(body.customer);
  if (!customerId || !store.customers.has(customerId)) {
    return invalid("invalid_customer", "Customer inválido ou não informado.");
  }
  const billingType = body.billingType;
  if (typeof billingType !== "string" || !BILLING_TYPES.includes(billingType as BillingType)) {
    return invalid("invalid_billingType", "Forma de pagamento inválida. Informe PIX, BOLETO, CREDIT_CARD ou UNDEFINED.");
  }
  if (body.value === undefined || body.value === null) return invalid("invalid_value", "O campo value deve ser informado");
  const value = toMinor(body.value);
  if (value === null || value <= 0) return invalid("invalid_value", "O valor da cobrança deve ser um valor positivo com no máximo duas casas decimais.");
  const dueDate = optionalString(body.dueDate);
  if (!dueDate) return invalid("invalid_dueDate", "O campo dueDate deve ser informado.");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dueDate) || Number.isNaN(Date.parse(dueDate))) {
    return invalid("invalid_dueDate", "A data de vencimento informada é inválida.");
  }
  if (dueDate < saoPauloDate()) return invalid("invalid_dueDate", "A data de vencimento não pode ser inferior à hoje");

  // A card charge with card data is captured at once; everything else waits to be paid.
  const cardPaid = billingType === "CREDIT_CARD" && (body.creditCard !== undefined || body.creditCardToken !== undefined);
  const payment = store.addPayment({
    customer: customerId,
    billingType: billingType as BillingType,
    value,
    status: cardPaid ? "CONFIRMED" : "PENDING",
    dueDate,
    paymentDate: cardPaid ? saoPauloDate() : null,
    description: optionalString(body.description),
    externalReference: optionalString(body.externalReference),
  });
  return json(200, paymentObject(payment));
}

export function retrievePayment({ params, store }: AsaasContext): HttpResult {
  const payment = store.payments.get(params.id ?? "");
  return payment ? json(200, paymentObject(payment)) : notFound("Cobrança não encontrada.");
}

function readPage(query: URLSearchParams): { offset: number; limit: number } {
  const offset = Math.max(0, Number.parseInt(query.get("offset") ?? "0", 10) || 0);
  const limit = Math.min(100, Math.max(1, Number.parseInt(query.get("limit") ?? "10", 10) || 10));
  return { offset, limit };
}

export function listPayments({ query, store }: AsaasContext): HttpResult {
  const filters: [keyof AsaasPayment, string | null][] = [
    ["customer", query.get("customer")],
    ["status", query.get("status")],
    ["billingType", query.get("billingType")],
    ["externalReference", query.get("externalReference")],
  ];
  // Asaas lists newest first.
  const all = [...store.payments.values()].reverse().filter((p) => filters.every(([k, v]) => v === null || p[k] === v));
  const { offset, limit } = readPage(query);
  return json(200, listObject(all.slice(offset, offset + limit).map(paymentObject), all.length, limit, offset));
}

function settle(ctx: AsaasContext, status: (p: AsaasPayment) => PaymentStatus): HttpResult {
  const payment = ctx.store.payments.get(ctx.params.id ?? "");
  if (!payment) return notFound("Cobrança não encontrada.");
  if (!AWAITING.includes(payment.status)) {
    return invalid("invalid_action", `Não é possível confirmar o recebimento de uma cobrança com situação ${payment.status}.`);
  }
  payment.status = status(payment);
  payment.paymentDate = optionalString(ctx.body.paymentDate) ?? saoPauloDate();
  return json(200, paymentObject(payment));
}

/** POST /v3/payments/:id/receiveInCash: Asaas marks it RECEIVED_IN_CASH. */
export function receiveInCash(ctx: AsaasContext): HttpResult {
  return settle(ctx, () => "RECEIVED_IN_CASH");
}

/** POST /v3/sandbox/payment/:id/confirm, Asaas's sandbox-only "the customer paid". */
export function confirmInSandbox(ctx: AsaasContext): HttpResult {
  return settle(ctx, (p) => (p.billingType === "CREDIT_CARD" ? "CONFIRMED" : "RECEIVED"));
}
