import { z } from "zod";
import { IDEMPOTENCY_KEY_PATTERN } from "../../ledger/idempotency-key.js";

const paymentId = z.string().min(1).max(128).regex(/^[A-Za-z0-9_\-]+$/, "must be a provider payment id (letters, digits, '_' or '-')");
const minorAmount = z
  .number({ error: "must be a number of minor units (centavos)" })
  .int("must be a whole number of minor units (centavos), not a decimal")
  .positive("must be greater than zero")
  .max(Number.MAX_SAFE_INTEGER, "is too large");
const server = z.enum(["stripe", "asaas", "mercadopago"]).optional();
const idempotencyKey = z.string().regex(IDEMPOTENCY_KEY_PATTERN, "must be 1-200 characters of letters, digits, '_', '-', ':' or '.'").optional();

export const refundInput = z
  .object({
    action: z.literal("refund"),
    payment_id: paymentId,
    amount: minorAmount.optional(),
    reason: z.string().max(500).optional(),
    idempotency_key: idempotencyKey,
    once_per_day: z.boolean().optional(),
    server,
  })
  .strict();

export const statusInput = z.object({ action: z.literal("status"), payment_id: paymentId, server }).strict();

export const payInput = z
  .object({
    action: z.literal("pay"),
    amount: minorAmount,
    currency: z.string().regex(/^[A-Za-z]{3}$/, "must be an ISO 4217 code such as BRL"),
    server,
    description: z.string().max(500).optional(),
    idempotency_key: idempotencyKey,
    customer: z.object({ name: z.string().max(200).optional(), email: z.email().optional(), document: z.string().max(32).optional() }).strict().optional(),
  })
  .strict();

export const payToolInput = z.discriminatedUnion("action", [refundInput, statusInput, payInput], {
  error: (issue) => (issue.code === "invalid_union" ? "action must be one of refund, status, pay" : undefined),
});

export type PayToolInput = z.output<typeof payToolInput>;
export type RefundToolInput = z.output<typeof refundInput>;
export type StatusToolInput = z.output<typeof statusInput>;
export type PayActionInput = z.output<typeof payInput>;
