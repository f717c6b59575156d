import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startStripeEmulator, type EmulatorHandle } from "../../src/index.js";
import { stripeClient } from "../support/clients.js";
import { form, raw } from "../support/http.js";

let h: EmulatorHandle;
let stripe: Stripe;

beforeAll(async () => {
  h = await startStripeEmulator();
  stripe = stripeClient(h);
});
afterAll(() => h.close());

async function paidIntent(amount: number, currency = "usd") {
  return stripe.paymentIntents.create({ amount, currency, payment_method: "pm_card_visa", confirm: true });
}

async function expectStripeError(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Stripe.errors.StripeError);
  return err as Stripe.errors.StripeError;
}

describe("stripe emulator, driven by the official SDK", () => {
  it("confirms a PaymentIntent with pm_card_visa into succeeded with a latest_charge", async () => {
    const pi = await paidIntent(2000);
    expect(pi.object).toBe("payment_intent");
    expect(pi.status).toBe("succeeded");
    expect(pi.livemode).toBe(false);
    expect(pi.amount_received).toBe(2000);
    expect(pi.latest_charge).toMatch(/^ch_/);
    const again = await stripe.paymentIntents.retrieve(pi.id);
    expect(again.latest_charge).toBe(pi.latest_charge);
  });

  it("leaves an unconfirmed PaymentIntent waiting and confirms it later", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 900, currency: "mxn" });
    expect(pi.status).toBe("requires_payment_method");
    const confirmed = await stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_mx" });
    expect(confirmed.status).toBe("succeeded");
    expect(confirmed.currency).toBe("mxn");
  });

  it("creates a charge from tok_visa", async () => {
    const ch = await stripe.charges.create({ amount: 1500, currency: "usd", source: "tok_visa" });
    expect(ch.object).toBe("charge");
    expect(ch.paid).toBe(true);
    expect(ch.amount_captured).toBe(1500);
    expect(ch.amount_refunded).toBe(0);
    expect(ch.refunded).toBe(false);
  });

  it("declines pm_card_chargeDeclined with a card_error", async () => {
    const err = await expectStripeError(stripe.paymentIntents.create({ amount: 500, currency: "usd", payment_method: "pm_card_chargeDeclined", confirm: true }));
    expect(err.statusCode).toBe(402);
    expect(err.code).toBe("card_declined");
  });

  it("tracks amount_refunded and refunded through a partial and then a full refund", async () => {
    const pi = await paidIntent(3000);
    const chargeId = pi.latest_charge as string;

    const partial = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    expect(partial).toMatchObject({ object: "refund", amount: 1000, currency: "usd", charge: chargeId, payment_intent: pi.id, status: "succeeded" });
    expect(partial.id).toMatch(/^re_/);
    let charge = await stripe.charges.retrieve(chargeId);
    expect(charge.amount_refunded).toBe(1000);
    expect(charge.refunded).toBe(false);

    const rest = await stripe.refunds.create({ charge: chargeId });
    expect(rest.amount).toBe(2000);
    charge = await stripe.charges.retrieve(chargeId);
    expect(charge.amount_refunded).toBe(3000);
    expect(charge.refunded).toBe(true);
  });

  it("stores reason and metadata on the refund", async () => {
    const pi = await paidIntent(1200);
    const refund = await stripe.refunds.create({ payment_intent: pi.id, reason: "requested_by_customer", metadata: { order: "o-17", batch: "b1" } });
    expect(refund.reason).toBe("requested_by_customer");
    expect(refund.metadata).toEqual({ order: "o-17", batch: "b1" });
    const fetched = await stripe.refunds.retrieve(refund.id);
    expect(fetched.metadata).toEqual({ order: "o-17", batch: "b1" });
    expect(typeof fetched.created).toBe("number");
  });

  it("refuses an over-refund with amount_too_large on param amount", async () => {
    const pi = await paidIntent(2000);
    await stripe.refunds.create({ payment_intent: pi.id, amount: 500 });
    const err = await expectStripeError(stripe.refunds.create({ payment_intent: pi.id, amount: 5000 }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe("amount_too_large");
    expect(err.param).toBe("amount");
    expect(err.message).toBe("Refund amount ($50.00) is greater than unrefunded amount on charge ($15.00)");
    expect(h.refunds().filter((r) => r.payment_id === pi.id)).toHaveLength(1);
  });

  it("refuses a refund of a fully refunded charge with charge_already_refunded", async () => {
    const pi = await paidIntent(700);
    await stripe.refunds.create({ payment_intent: pi.id });
    const err = await expectStripeError(stripe.refunds.create({ payment_intent: pi.id, amount: 1 }));
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe("charge_already_refunded");
  });

  it("answers unknown charges, PaymentIntents and refunds with 404 resource_missing", async () => {
    const charge = await expectStripeError(stripe.refunds.create({ charge: "ch_x" }));
    expect(charge.statusCode).toBe(404);
    expect(charge.code).toBe("resource_missing");
    expect(charge.message).toBe("No such charge: 'ch_x'");
    const pi = await expectStripeError(stripe.refunds.create({ payment_intent: "pi_x" }));
    expect(pi.message).toBe("No such payment_intent: 'pi_x'");
    expect(pi.param).toBe("payment_intent");
    const refund = await expectStripeError(stripe.refunds.retrieve("re_x"));
    expect(refund.statusCode).toBe(404);
    const get = await expectStripeError(stripe.charges.retrieve("ch_missing"));
    expect(get.code).toBe("resource_missing");
  });

  it("rejects an invalid reason and unknown parameters like Stripe does", async () => {
    const pi = await paidIntent(800);
    const reason = await expectStripeError(stripe.refunds.create({ payment_intent: pi.id, reason: "customer_request" as "duplicate" }));
    expect(reason.statusCode).toBe(400);
    expect(reason.param).toBe("reason");
    const unknown = await expectStripeError(stripe.refunds.create({ payment_intent: pi.id, note: "x" } as Stripe.RefundCreateParams));
    expect(unknown.code).toBe("parameter_unknown");
    const zero = await expectStripeError(stripe.refunds.create({ payment_intent: pi.id, amount: 0 }));
    expect(zero.param).toBe("amount");
  });

  it("lists refunds by charge and by payment_intent as a Stripe list, newest first, paginated", async () => {
    const pi = await paidIntent(3000);
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await stripe.refunds.create({ payment_intent: pi.id, amount: 100 + i }));
    const byIntent = await stripe.refunds.list({ payment_intent: pi.id });
    expect(byIntent.object).toBe("list");
    expect(byIntent.url).toBe("/v1/refunds");
    expect(byIntent.data.map((r) => r.id)).toEqual(made.map((r) => r.id).reverse());
    const byCharge = await stripe.refunds.list({ charge: pi.latest_charge as string, limit: 2 });
    expect(byCharge.data).toHaveLength(2);
    expect(byCharge.has_more).toBe(true);
    const next = await stripe.refunds.list({ charge: pi.latest_charge as string, limit: 2, starting_after: byCharge.data[1]?.id as string });
    expect(next.data.map((r) => r.id)).toEqual([made[0]?.id]);
    expect(next.has_more).toBe(false);
  });

  it("filters the refund list by created range", async () => {
    const pi = await paidIntent(1000);
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 100 });
    const inRange = await stripe.refunds.list({ payment_intent: pi.id, created: { gte: refund.created, lte: refund.created } });
    expect(inRange.data.map((r) => r.id)).toEqual([refund.id]);
    const later = await stripe.refunds.list({ payment_intent: pi.id, created: { gt: refund.created } });
    expect(later.data).toEqual([]);
  });

  it("expands latest_charge on a PaymentIntent and refunds on a charge", async () => {
    const pi = await paidIntent(1000);
    await stripe.refunds.create({ payment_intent: pi.id, amount: 250 });
    const expanded = await stripe.paymentIntents.retrieve(pi.id, { expand: ["latest_charge"] });
    const charge = expanded.latest_charge as Stripe.Charge;
    expect(charge.object).toBe("charge");
    expect(charge.amount_refunded).toBe(250);
    const withRefunds = await stripe.charges.retrieve(charge.id, { expand: ["refunds"] });
    expect(withRefunds.refunds?.data.map((r) => r.amount)).toEqual([250]);
  });

  it("rejects a wrong key with 401 StripeAuthenticationError", async () => {
    const url = new URL(h.url);
    const wrong = new Stripe("sk_test_wrongwrongwrong1234", { host: url.hostname, port: Number(url.port), protocol: "http", maxNetworkRetries: 0 });
    const err = await expectStripeError(wrong.refunds.list());
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(err.statusCode).toBe(401);
    expect(err.message).toMatch(/^Invalid API Key provided: sk_test_\*+1234$/);
  });

  it("answers a missing key with Stripe's 401 envelope and a Request-Id", async () => {
    const res = await raw(`${h.url}/v1/refunds`);
    expect(res.status).toBe(401);
    expect(res.body.error.type).toBe("invalid_request_error");
    expect(res.body.error.message).toMatch(/You did not provide an API key/);
    expect(res.headers["request-id"]).toMatch(/^req_/);
  });

  it("accepts the key as a Basic auth user name", async () => {
    const basic = Buffer.from(`${h.key}:`).toString("base64");
    const res = await raw(`${h.url}/v1/payment_intents`, {
      method: "POST",
      headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: form({ amount: 500, currency: "usd", payment_method: "pm_card_visa", confirm: "true", "metadata[k]": "v" }),
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("succeeded");
    expect(res.body.metadata).toEqual({ k: "v" });
  });

  it("puts a Request-Id on every answer and an unrecognized-URL 404 on unknown paths", async () => {
    const ok = await raw(`${h.url}/v1/refunds`, { headers: { Authorization: `Bearer ${h.key}` } });
    expect(ok.headers["request-id"]).toMatch(/^req_/);
    const unknown = await raw(`${h.url}/v1/nothing`, { headers: { Authorization: `Bearer ${h.key}` } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/^Unrecognized request URL \(GET: \/v1\/nothing\)/);
    expect(unknown.headers["request-id"]).toMatch(/^req_/);
  });

  it("records every refund in the emulator's ledger in minor units", async () => {
    const pi = await paidIntent(1999);
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 1999 });
    const record = h.refunds().find((r) => r.refund_id === refund.id);
    expect(record).toMatchObject({ provider: "stripe", payment_id: pi.id, amount: 1999, currency: "USD", status: "succeeded" });
    expect(record?.idempotency_key).toMatch(/^stripe-node-retry-/);
  });
});
