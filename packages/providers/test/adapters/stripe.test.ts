import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startStripeEmulator, type EmulatorHandle } from "@codespar/sandbox";
import type Stripe from "stripe";
import { StripeProvider } from "../../src/index.js";
import { failureOf, newKey } from "./fixtures.js";

describe("StripeProvider specifics", () => {
  let emu: EmulatorHandle;
  let stripe: StripeProvider;

  beforeAll(async () => {
    emu = await startStripeEmulator();
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.setFaults({});
    emu.reset();
    stripe = new StripeProvider({ baseUrl: emu.url, apiKey: emu.key, mode: "test", timeoutMs: 2_000 });
  });

  const seed = async (amount = 1000) => (await emu.createPayment(amount, "USD")).payment_id;

  it("sends one of Stripe's reasons as reason and any other reason in metadata", async () => {
    const paymentId = await seed();
    const a = await stripe.refund({ paymentId, amount: 100, reason: "duplicate", idempotencyKey: newKey() });
    expect((a.raw as Stripe.Refund).reason).toBe("duplicate");
    const b = await stripe.refund({ paymentId, amount: 100, reason: "customer changed their mind", idempotencyKey: newKey() });
    expect((b.raw as Stripe.Refund).reason).toBeNull();
    expect((b.raw as Stripe.Refund).metadata).toMatchObject({ reason: "customer changed their mind" });
  });

  it("keeps our key in the refund's metadata, visible on read-back", async () => {
    const paymentId = await seed();
    const key = newKey();
    await stripe.refund({ paymentId, amount: 250, idempotencyKey: key, metadata: { order: "A-1" } });
    const snap = await stripe.getPayment(paymentId);
    expect(snap.refunds).toEqual([expect.objectContaining({ amount: 250, idempotencyKey: key, state: "succeeded" })]);
    expect(emu.refunds()[0]?.idempotency_key).toBe(key);
  });

  it("refunds by charge id as well as by PaymentIntent id", async () => {
    const paymentId = await seed(800);
    const chargeId = ((await stripe.getPayment(paymentId)).raw as Stripe.PaymentIntent).latest_charge as string;
    expect(stripe.matchesPaymentId(chargeId)).toBe(true);
    const outcome = await stripe.refund({ paymentId: chargeId, amount: 300, idempotencyKey: newKey() });
    expect(outcome).toMatchObject({ paymentId: chargeId, amount: 300, currency: "USD" });
    expect(await stripe.getPayment(chargeId)).toMatchObject({ amount: 800, amountRefunded: 300, state: "partially_refunded" });
  });

  it("refuses a key reused with other parameters as a fatal invalid_request", async () => {
    const paymentId = await seed();
    const key = newKey();
    await stripe.refund({ paymentId, amount: 100, idempotencyKey: key });
    const err = await failureOf(stripe.refund({ paymentId, amount: 200, idempotencyKey: key }));
    expect(err).toMatchObject({ code: "invalid_request", failureClass: "fatal" });
    expect(err.details.provider_code).toBe("idempotency_error");
  });

  it("reports a replayed stored 500 with no refund behind it as a spent key", async () => {
    const paymentId = await seed();
    const key = newKey();
    emu.setFaults({ errorRate: 1, match: "^/v1/refunds$" });
    expect(await failureOf(stripe.refund({ paymentId, idempotencyKey: key }))).toMatchObject({ code: "outcome_unknown" });
    emu.setFaults({});
    const err = await failureOf(stripe.refund({ paymentId, idempotencyKey: key }));
    expect(err).toMatchObject({ code: "provider_error", failureClass: "fatal" });
    expect(err.details).toMatchObject({ idempotency_key_spent: true, idempotent_replayed: true });
    expect(emu.refunds()).toHaveLength(0);
  });

  it("puts Stripe's Retry-After into the error details", async () => {
    const paymentId = await seed();
    emu.setFaults({ rateLimitPerSecond: 1 });
    const results = await Promise.allSettled([1, 2, 3].map(() => stripe.getPayment(paymentId)));
    const limited = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    expect((limited?.reason as { details: Record<string, unknown> }).details).toMatchObject({ http_status: 429, provider_code: "rate_limit" });
    expect((limited?.reason as { details: { retry_after_ms: number } }).details.retry_after_ms).toBeGreaterThan(0);
  });
});
