import type { FormObject } from "../http/form.js";
import type { HttpResult } from "../http/result.js";
import type { Params } from "../http/router.js";
import type { StripeStore } from "./store.js";

/** What a Stripe endpoint sees of its request. */
export interface StripeContext {
  params: Params;
  /** Form body on POST, query string on GET: Stripe encodes both the same way. */
  form: FormObject;
  store: StripeStore;
  idempotencyKey: string | undefined;
}

export type StripeHandler = (ctx: StripeContext) => HttpResult;
