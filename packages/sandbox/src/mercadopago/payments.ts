import { json, type HttpResult } from "../http/result.js";
import { toMinor } from "../money.js";
import { findPayment, type MpContext } from "./context.js";
import { badRequest, paymentNotFound } from "./errors.js";
import { paymentObject } from "./objects.js";

const PAYMENT_TYPES: Record<string, string> = {
  pix: "bank_transfer",
  account_money: "account_money",
  visa: "credit_card",
  master: "credit_card",
  amex: "credit_card",
  elo: "credit_card",
  hipercard: "credit_card",
  debvisa: "debit_card",
  debmaster: "debit_card",
  debelo: "debit_card",
  bolbradesco: "ticket",
  pec: "ticket",
  oxxo: "ticket",
  rapipago: "ticket",
  pagofacil: "ticket",
};

/** Currencies Mercado Pago settles in that use two decimals, as the sandbox keeps amounts. */
export const MP_CURRENCIES = ["BRL", "MXN", "ARS", "UYU", "PEN"];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** POST /v1/payments: test payments are approved at once, whatever the method. */
export function createPayment({ body, store }: MpContext): HttpResult {
  const rawAmount = body.transaction_amount;
  if (rawAmount === undefined || rawAmount === null) return badRequest(4002, "transaction_amount attribute can't be null");
  if (typeof rawAmount !== "number") return badRequest(4003, "transaction_amount attribute must be numeric");
  const amount = toMinor(rawAmount);
  if (amount === null || amount <= 0) return badRequest(4037, "Invalid transaction_amount");

  const method = body.payment_method_id;
  if (typeof method !== "string" || method === "") return badRequest(4001, "payment_method_id attribute can't be null");
  const paymentTypeId = PAYMENT_TYPES[method];
  if (!paymentTypeId) return badRequest(3028, "Invalid payment_method_id");

  const payer = isRecord(body.payer) ? body.payer : {};
  const email = payer.email;
  if (typeof email !== "string" || !/^[^@\s]+@[^@\s]+$/.test(email)) return badRequest(4050, "payer.email must be a valid email");

  const currency = body.currency_id === undefined ? "BRL" : body.currency_id;
  if (typeof currency !== "string" || !MP_CURRENCIES.includes(currency)) return badRequest(1, "Params Error.", "Invalid currency_id");
  const installments = typeof body.installments === "number" && Number.isInteger(body.installments) && body.installments > 0 ? body.installments : 1;

  const payment = store.addPayment({
    amount,
    currency,
    paymentMethodId: method,
    paymentTypeId,
    description: typeof body.description === "string" ? body.description : null,
    payerEmail: email,
    externalReference: typeof body.external_reference === "string" ? body.external_reference : null,
    metadata: isRecord(body.metadata) ? body.metadata : {},
    installments,
  });
  return json(201, paymentObject(payment, store.collectorId));
}

export function retrievePayment(ctx: MpContext): HttpResult {
  const payment = findPayment(ctx);
  return payment ? json(200, paymentObject(payment, ctx.store.collectorId)) : paymentNotFound();
}
