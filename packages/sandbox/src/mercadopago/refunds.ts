import { json, type HttpResult } from "../http/result.js";
import { toMinor } from "../money.js";
import { findPayment, type MpContext } from "./context.js";
import { badRequest, mpError, paymentNotFound, refundNotFound } from "./errors.js";
import { refundObject } from "./objects.js";

/** The refund amount in minor units, or the error Mercado Pago gives for it. Absent = undefined. */
function readAmount(raw: unknown): number | undefined | HttpResult {
  if (raw === undefined || raw === null) return undefined;
  const minor = typeof raw === "number" ? toMinor(raw) : null;
  if (minor === null) return badRequest(4041, "amount attribute must be numeric");
  if (minor <= 0) return badRequest(4040, "amount attribute must be positive");
  return minor;
}

/** POST /v1/payments/:id/refunds { amount? } (decimal, absent = what is left). */
export function createRefund(ctx: MpContext): HttpResult {
  const payment = findPayment(ctx);
  if (!payment) return paymentNotFound();
  const asked = readAmount(ctx.body.amount);
  if (typeof asked === "object") return asked;
  if (payment.status !== "approved") {
    return badRequest(2063, "The action requested is not valid for the current payment state");
  }
  const remaining = payment.amount - ctx.store.refunded(payment);
  // Everything left is already in process: nothing more can be refunded.
  if (remaining <= 0) return badRequest(2063, "The action requested is not valid for the current payment state");
  const amount = asked ?? remaining;
  if (amount > remaining) {
    const cause = ctx.overRefundCause;
    return mpError(400, "bad_request", "Invalid refund amount: it exceeds the amount available to refund", [cause]);
  }
  const metadata = typeof ctx.body.metadata === "object" && ctx.body.metadata !== null ? (ctx.body.metadata as Record<string, unknown>) : {};
  const refund = ctx.store.addRefund(payment, amount, metadata, ctx.idempotencyKey);
  return json(201, refundObject(refund, ctx.store.collectorId));
}

export function listRefunds(ctx: MpContext): HttpResult {
  const payment = findPayment(ctx);
  if (!payment) return paymentNotFound();
  return json(200, payment.refunds.map((r) => refundObject(r, ctx.store.collectorId)));
}

export function retrieveRefund(ctx: MpContext): HttpResult {
  const payment = findPayment(ctx);
  if (!payment) return paymentNotFound();
  const refund = payment.refunds.find((r) => String(r.id) === ctx.params.refundId);
  return refund ? json(200, refundObject(refund, ctx.store.collectorId)) : refundNotFound();
}
