import type { FormObject } from "../http/form.js";
import { json, type HttpResult } from "../http/result.js";
import type { StripeContext } from "./context.js";
import { invalidParam, invalidRequest, resourceMissing } from "./errors.js";
import { displayAmount } from "./money.js";
import { listObject, refundObject } from "./objects.js";
import { ParamError, readEnum, readExpand, readInteger, readMetadata, readString, rejectUnknown } from "./params.js";
import type { StripeCharge, StripeStore } from "./store.js";

const CREATE_PARAMS = [
  "amount", "charge", "payment_intent", "reason", "metadata", "expand", "currency", "customer",
  "instructions_email", "origin", "refund_application_fee", "reverse_transfer",
] as const;
const LIST_PARAMS = ["charge", "payment_intent", "limit", "starting_after", "ending_before", "created", "expand"] as const;
const REASONS = ["duplicate", "fraudulent", "requested_by_customer"] as const;

function isCharge(x: StripeCharge | HttpResult): x is StripeCharge {
  return "amountRefunded" in x;
}

/** The charge a refund request points at, through its charge or its PaymentIntent. */
function targetCharge(store: StripeStore, chargeId?: string, intentId?: string): StripeCharge | HttpResult {
  let viaIntent: StripeCharge | undefined;
  if (intentId) {
    const intent = store.intents.get(intentId);
    if (!intent) return resourceMissing("payment_intent", intentId, "payment_intent");
    viaIntent = intent.latestCharge ? store.charges.get(intent.latestCharge) : undefined;
    if (!viaIntent) {
      return invalidRequest(`This PaymentIntent (${intentId}) does not have a successful charge to refund.`, {
        code: "payment_intent_unexpected_state",
        param: "payment_intent",
      });
    }
  }
  if (!chargeId) {
    return viaIntent ?? invalidParam("One of the following params should be provided for this request: payment_intent or charge.", "charge", "parameter_missing");
  }
  const charge = store.charges.get(chargeId);
  if (!charge) return resourceMissing("charge", chargeId, "charge");
  if (viaIntent && viaIntent !== charge) {
    return invalidRequest(`The charge '${chargeId}' does not belong to the PaymentIntent '${intentId}'.`, { param: "charge" });
  }
  return charge;
}

export function createRefund({ form, store, idempotencyKey }: StripeContext): HttpResult {
  rejectUnknown(form, CREATE_PARAMS);
  const amount = readInteger(form, "amount", { positive: true });
  const reason = readEnum(form, "reason", REASONS) ?? null;
  const metadata = readMetadata(form) ?? {};
  const expand = readExpand(form, ["charge", "payment_intent"]);
  const target = targetCharge(store, readString(form, "charge"), readString(form, "payment_intent"));
  if (!isCharge(target)) return target;
  const charge = target;

  const remaining = charge.amount - charge.amountRefunded;
  if (remaining <= 0) {
    return invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: "charge_already_refunded" });
  }
  const value = amount ?? remaining;
  if (value > remaining) {
    return invalidRequest(
      `Refund amount (${displayAmount(value, charge.currency)}) is greater than unrefunded amount on charge (${displayAmount(remaining, charge.currency)})`,
      { code: "amount_too_large", param: "amount" },
    );
  }
  const refund = store.addRefund(charge, { amount: value, reason, metadata, ...(idempotencyKey ? { idempotencyKey } : {}) });
  return json(200, refundObject(store, refund, expand));
}

export function retrieveRefund({ form, store, params }: StripeContext): HttpResult {
  rejectUnknown(form, ["expand"]);
  const id = params.id ?? "";
  const refund = store.refunds.get(id);
  if (!refund) return resourceMissing("refund", id, "id");
  return json(200, refundObject(store, refund, readExpand(form, ["charge", "payment_intent"])));
}

function readLimit(ctx: StripeContext): number {
  const limit = readInteger(ctx.form, "limit") ?? 10;
  if (limit < 1 || limit > 100) {
    throw new ParamError(invalidParam("Invalid limit: must be between 1 and 100", "limit", "parameter_invalid_integer"));
  }
  return limit;
}

/** created=<unix> or created[gt|gte|lt|lte]=<unix>, as a predicate on a refund's `created`. */
function readCreatedRange(form: FormObject): (created: number) => boolean {
  const v = form.created;
  if (v === undefined) return () => true;
  if (typeof v === "string") {
    const exact = readInteger(form, "created");
    return (c) => c === exact;
  }
  if (Array.isArray(v)) throw new ParamError(invalidParam("Invalid created: must be an integer or a range object", "created"));
  const bound = (op: string): number | undefined => {
    const raw = v[op];
    if (raw === undefined) return undefined;
    if (typeof raw !== "string" || !/^\d+$/.test(raw)) {
      throw new ParamError(invalidParam(`Invalid integer: ${JSON.stringify(raw)}`, `created[${op}]`, "parameter_invalid_integer"));
    }
    return Number(raw);
  };
  const unknown = Object.keys(v).find((op) => !["gt", "gte", "lt", "lte"].includes(op));
  if (unknown) throw new ParamError(invalidParam(`Received unknown parameter: created[${unknown}]`, `created[${unknown}]`, "parameter_unknown"));
  const [gt, gte, lt, lte] = [bound("gt"), bound("gte"), bound("lt"), bound("lte")];
  return (c) =>
    (gt === undefined || c > gt) && (gte === undefined || c >= gte) && (lt === undefined || c < lt) && (lte === undefined || c <= lte);
}

/** GET /v1/refunds: newest first, cursor pagination with starting_after / ending_before. */
export function listRefunds(ctx: StripeContext): HttpResult {
  const { form, store } = ctx;
  rejectUnknown(form, LIST_PARAMS);
  const limit = readLimit(ctx);
  const expand = readExpand(form, ["data.charge", "data.payment_intent"]).map((e) => e.slice("data.".length));
  const chargeId = readString(form, "charge");
  const intentId = readString(form, "payment_intent");
  const created = readCreatedRange(form);
  const all = store
    .listRefunds({ ...(chargeId ? { charge: chargeId } : {}), ...(intentId ? { paymentIntent: intentId } : {}) })
    .filter((r) => created(r.created));

  let window = all;
  const after = readString(form, "starting_after");
  const before = readString(form, "ending_before");
  if (after !== undefined || before !== undefined) {
    const cursor = (after ?? before) as string;
    const at = all.findIndex((r) => r.id === cursor);
    if (at === -1) return resourceMissing("refund", cursor, after !== undefined ? "starting_after" : "ending_before");
    window = after !== undefined ? all.slice(at + 1) : all.slice(0, at);
  }
  const page = before !== undefined && after === undefined ? window.slice(-limit) : window.slice(0, limit);
  return json(200, listObject(page.map((r) => refundObject(store, r, expand)), window.length > page.length, "/v1/refunds"));
}
