import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { MPConnectionError, MPRateLimitError, MPServerError } from "mercadopago";
import { startMercadoPagoEmulator, startStripeEmulator, type EmulatorHandle } from "../../src/index.js";
import { mercadoPago, stripeClient } from "../support/clients.js";

describe("stripe faults as the official SDK sees them", () => {
  let h: EmulatorHandle;
  beforeAll(async () => {
    h = await startStripeEmulator();
  });
  afterAll(() => h.close());
  beforeEach(() => h.setFaults({}));

  it("surfaces rateLimitPerSecond as StripeRateLimitError with code rate_limit", async () => {
    const stripe = stripeClient(h);
    h.setFaults({ rateLimitPerSecond: 1 });
    const results = await Promise.allSettled([stripe.refunds.list(), stripe.refunds.list()]);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected?.reason).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(rejected?.reason.code).toBe("rate_limit");
  });

  it("surfaces errorRate as StripeAPIError 500 with type api_error", async () => {
    const { payment_id } = await h.createPayment(1000);
    h.setFaults({ errorRate: 1 });
    const err = await stripeClient(h).refunds.create({ payment_intent: payment_id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect((err as Stripe.errors.StripeError).statusCode).toBe(500);
    expect(h.refunds()).toHaveLength(0);
  });

  it("turns a hang into the SDK's own timeout", async () => {
    const { payment_id } = await h.createPayment(1000);
    h.setFaults({ hangRate: 1 });
    const err = await stripeClient(h, { timeout: 200 }).paymentIntents.retrieve(payment_id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
  });
});

describe("mercadopago faults as the official SDK sees them", () => {
  let h: EmulatorHandle;
  beforeAll(async () => {
    h = await startMercadoPagoEmulator();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.reset();
    h.setFaults({});
  });

  it("surfaces rateLimitPerSecond as MPRateLimitError carrying Retry-After", async () => {
    const { payment_id } = await h.createPayment(1000);
    h.setFaults({ rateLimitPerSecond: 1 });
    const mp = mercadoPago(h);
    const results = await Promise.allSettled([mp.payment.get({ id: payment_id }), mp.payment.get({ id: payment_id })]);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected?.reason).toBeInstanceOf(MPRateLimitError);
    expect((rejected?.reason as MPRateLimitError).retryAfter).toBeGreaterThanOrEqual(1);
  });

  it("surfaces errorRate as MPServerError and refunds nothing", async () => {
    const { payment_id } = await h.createPayment(1000);
    h.setFaults({ errorRate: 1 });
    const err = await mercadoPago(h).refund.create({ payment_id, body: { amount: 1 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MPServerError);
    expect(h.refunds()).toHaveLength(0);
  });

  it("lets the SDK's own retry after a fail-after-apply 500 find the refund already made, not make another", async () => {
    const { payment_id } = await h.createPayment(1000);
    h.setFaults({ failAfterApplyRate: 1 });
    const refund = await mercadoPago(h, { maxRetries: 1, initialDelay: 10 }).refund.create({ payment_id, body: { amount: 2.5 } });
    expect(refund.amount).toBe(2.5);
    expect(h.refunds()).toHaveLength(1);
    expect(h.refunds()[0]?.refund_id).toBe(String(refund.id));
  });

  it("turns a hang into MPConnectionError at the SDK's timeout", async () => {
    const { payment_id } = await h.createPayment(1000);
    h.setFaults({ hangRate: 1 });
    const err = await mercadoPago(h, { timeout: 200 }).payment.get({ id: payment_id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MPConnectionError);
  });
});
