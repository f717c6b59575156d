import type { HttpResult } from "../http/result.js";
import type { Params } from "../http/router.js";
import type { MpCause } from "./errors.js";
import type { MpStore } from "./store.js";

export interface MpContext {
  params: Params;
  /** Parsed JSON body ({} when empty). */
  body: Record<string, unknown>;
  store: MpStore;
  idempotencyKey: string | undefined;
  overRefundCause: MpCause;
}

export type MpHandler = (ctx: MpContext) => HttpResult;

/** The stored payment for a path id, which Mercado Pago spells as digits only. */
export function findPayment(ctx: MpContext) {
  const raw = ctx.params.id ?? "";
  return /^\d+$/.test(raw) ? ctx.store.payments.get(Number(raw)) : undefined;
}
