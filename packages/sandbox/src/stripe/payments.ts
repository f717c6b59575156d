import { json, type HttpResult } from "../http/result.js";
import type { FormObject } from "../http/form.js";
import { testCard, type TestCard } from "./cards.js";
import type { StripeContext } from "./context.js";
import { cardDeclined, invalidParam, invalidRequest, parameterMissing, resourceMissing } from "./errors.js";
import { normalizeCurrency } from "./money.js";
import { chargeObject, intentObject } from "./objects.js";
import { ParamError, readBoolean, readEnum, readExpand, readInteger, readMetadata, readString, rejectUnknown } from "./params.js";
import { stripeId, type StripeIntent, type StripeStore } from "./store.js";

const INTENT_CREATE_PARAMS = [
  "amount", "currency", "payment_method", "confirm", "metadata", "description", "expand", "capture_method",
  "confirmation_method", "customer", "payment_method_types", "automatic_payment_methods", "receipt_email",
  "return_url", "statement_descriptor", "statement_descriptor_suffix", "off_session", "setup_future_usage",
  "use_stripe_sdk", "error_on_requires_action", "payment_method_options", "shipping", "transfer_group",
] as const;
const CONFIRM_PARAMS = ["payment_method", "expand", "return_url", "receipt_email", "off_session", "use_stripe_sdk", "error_on_requires_action", "payment_method_options"] as const;
const CHARGE_CREATE_PARAMS = [
  "amount", "currency", "source", "customer", "description", "metadata", "capture", "expand", "receipt_email",
  "statement_descriptor", "statement_descriptor_suffix", "shipping", "transfer_group",
] as const;

function requiredAmount(form: FormObject): number {
  const amount = readInteger(form, "amount", { positive: true });
  if (amount === undefined) throw new ParamError(parameterMissing("amount"));
  return amount;
}

function requiredCurrency(form: FormObject): string {
  const raw = readString(form, "currency");
  if (raw === undefined) throw new ParamError(parameterMissing("currency"));
  const currency = normalizeCurrency(raw);
  if (!currency) throw new ParamError(invalidParam(`Invalid currency: ${raw.toLowerCase()}.`, "currency", "invalid_currency"));
  return currency;
}

/** The sandbox captures immediately; saying so beats silently ignoring a manual-capture request. */
function onlyAutomaticCapture(form: FormObject): void {
  const method = readEnum(form, "capture_method", ["automatic", "automatic_async", "manual"] as const);
  if (method === "manual" || readBoolean(form, "capture") === false) {
    throw new ParamError(invalidParam("The sandbox captures payments immediately; manual capture is not supported.", method ? "capture_method" : "capture"));
  }
}

function paymentMethodCard(id: string): TestCard {
  const card = testCard(id);
  if (!card) throw new ParamError(resourceMissing("PaymentMethod", id, "payment_method"));
  return card;
}

function confirm(store: StripeStore, intent: StripeIntent, pmShortcut: string | undefined): HttpResult | null {
  if (intent.status === "succeeded") {
    return invalidRequest(
      "You cannot confirm this PaymentIntent because it has a status of succeeded. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_action, requires_payment_method.",
      { code: "payment_intent_unexpected_state" },
    );
  }
  const card = pmShortcut ? paymentMethodCard(pmShortcut) : intent.card;
  if (!card) {
    return invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. Update the PaymentIntent with a payment method and then confirm it again.",
      { code: "payment_intent_unexpected_state" },
    );
  }
  if (card.declines) {
    intent.status = "requires_payment_method";
    return cardDeclined();
  }
  store.succeedIntent(intent, pmShortcut ? stripeId("pm") : (intent.paymentMethod ?? stripeId("pm")), card);
  return null;
}

export function createPaymentIntent({ form, store }: StripeContext): HttpResult {
  rejectUnknown(form, INTENT_CREATE_PARAMS);
  const amount = requiredAmount(form);
  const currency = requiredCurrency(form);
  onlyAutomaticCapture(form);
  const pm = readString(form, "payment_method");
  const card = pm ? paymentMethodCard(pm) : null;
  const shouldConfirm = readBoolean(form, "confirm") ?? false;
  const expand = readExpand(form, ["latest_charge"]);
  const intent = store.createIntent({
    amount,
    currency,
    description: readString(form, "description") ?? null,
    metadata: readMetadata(form) ?? {},
    paymentMethod: pm ? stripeId("pm") : null,
    card,
  });
  if (shouldConfirm) {
    const failure = confirm(store, intent, pm);
    if (failure) return failure;
  }
  return json(200, intentObject(store, intent, expand));
}

export function confirmPaymentIntent({ form, store, params }: StripeContext): HttpResult {
  rejectUnknown(form, CONFIRM_PARAMS);
  const id = params.id ?? "";
  const intent = store.intents.get(id);
  if (!intent) return resourceMissing("payment_intent", id, "intent");
  const expand = readExpand(form, ["latest_charge"]);
  const failure = confirm(store, intent, readString(form, "payment_method"));
  return failure ?? json(200, intentObject(store, intent, expand));
}

export function retrievePaymentIntent({ form, store, params }: StripeContext): HttpResult {
  rejectUnknown(form, ["expand", "client_secret"]);
  const id = params.id ?? "";
  const intent = store.intents.get(id);
  if (!intent) return resourceMissing("payment_intent", id, "id");
  return json(200, intentObject(store, intent, readExpand(form, ["latest_charge"])));
}

export function createCharge({ form, store }: StripeContext): HttpResult {
  rejectUnknown(form, CHARGE_CREATE_PARAMS);
  const amount = requiredAmount(form);
  const currency = requiredCurrency(form);
  onlyAutomaticCapture(form);
  const expand = readExpand(form, ["payment_intent", "refunds"]);
  const source = readString(form, "source");
  if (!source) {
    const customer = readString(form, "customer");
    if (customer) return resourceMissing("customer", customer, "customer");
    return invalidRequest("Must provide source or customer.", { code: "parameter_missing" });
  }
  const card = testCard(source);
  if (!card) return resourceMissing("token", source, "source");
  if (card.declines) return cardDeclined();
  const charge = store.createCharge({
    amount,
    currency,
    paymentIntent: null,
    paymentMethod: stripeId("card"),
    card,
    description: readString(form, "description") ?? null,
    metadata: readMetadata(form) ?? {},
  });
  return json(200, chargeObject(store, charge, expand));
}

export function retrieveCharge({ form, store, params }: StripeContext): HttpResult {
  rejectUnknown(form, ["expand"]);
  const id = params.id ?? "";
  const charge = store.charges.get(id);
  if (!charge) return resourceMissing("charge", id, "id");
  return json(200, chargeObject(store, charge, readExpand(form, ["payment_intent", "refunds"])));
}
