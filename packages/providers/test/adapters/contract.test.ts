import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "@codespar/sandbox";
import { REQUESTS_PER_FIRST_REFUND, type RateLimitSignal } from "../../src/index.js";
import { closedPortUrl, failureOf, FIXTURES, newKey, providerFor } from "./fixtures.js";

describe.each(FIXTURES)("$id adapter against its emulator", (fx) => {
  let emu: EmulatorHandle;

  beforeAll(async () => {
    emu = await fx.start();
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.setFaults({});
    emu.reset();
  });

  const seed = async (amount = 1000) => (await emu.createPayment(amount, fx.currency)).payment_id;
  const ledgerFor = (paymentId: string) => emu.refunds().filter((r) => r.payment_id === paymentId);

  it("refunds a payment in full", async () => {
    const paymentId = await seed(1000);
    const outcome = await providerFor(fx, emu).refund({ paymentId, idempotencyKey: newKey() });
    expect(outcome).toMatchObject({ paymentId, amount: 1000, currency: fx.currency, state: "succeeded", replayed: false });
    expect(ledgerFor(paymentId)).toHaveLength(1);
    const snap = await providerFor(fx, emu).getPayment(paymentId);
    expect(snap).toMatchObject({ paymentId, amount: 1000, amountRefunded: 1000, state: "refunded" });
  });

  it("takes a pacer turn for every request, as many on a first refund as REQUESTS_PER_FIRST_REFUND says", async () => {
    const paymentId = await seed(1000);
    let turns = 0;
    const adapter = providerFor(fx, emu, { awaitTurn: async () => void turns++ });
    await adapter.refund({ paymentId, idempotencyKey: newKey(), firstAttempt: true });
    expect(turns).toBe(REQUESTS_PER_FIRST_REFUND[fx.id]);
    await adapter.getPayment(paymentId);
    expect(turns).toBeGreaterThan(REQUESTS_PER_FIRST_REFUND[fx.id]);
  });

  it("sends nothing when the pacer refuses the turn", async () => {
    const paymentId = await seed(1000);
    const adapter = providerFor(fx, emu, { awaitTurn: () => Promise.reject(new Error("no slot")) });
    await expect(adapter.refund({ paymentId, idempotencyKey: newKey(), firstAttempt: true })).rejects.toThrow("no slot");
    expect(ledgerFor(paymentId)).toHaveLength(0);
  });

  it("refunds part of a payment, in minor units", async () => {
    const paymentId = await seed(1999);
    const outcome = await providerFor(fx, emu).refund({ paymentId, amount: 333, idempotencyKey: newKey(), reason: "requested_by_customer" });
    expect(outcome).toMatchObject({ amount: 333, state: "succeeded", replayed: false });
    const snap = await providerFor(fx, emu).getPayment(paymentId);
    expect(snap).toMatchObject({ amount: 1999, amountRefunded: 333, state: "partially_refunded" });
    expect(snap.refunds.map((r) => r.refundId)).toContain(outcome.refundId);
    expect(ledgerFor(paymentId).map((r) => r.amount)).toEqual([333]);
  });

  it("re-run with the same key creates no new refund", async () => {
    const paymentId = await seed(1000);
    const key = newKey();
    const first = await providerFor(fx, emu).refund({ paymentId, amount: 400, idempotencyKey: key });
    const again = await providerFor(fx, emu).refund({ paymentId, amount: 400, idempotencyKey: key });
    expect(again).toMatchObject({ refundId: first.refundId, amount: 400, replayed: true });
    expect(ledgerFor(paymentId)).toHaveLength(1);
  });

  it("refuses an over-refund as amount_exceeds_refundable", async () => {
    const paymentId = await seed(1000);
    const err = await failureOf(providerFor(fx, emu).refund({ paymentId, amount: 1500, idempotencyKey: newKey() }));
    expect(err).toMatchObject({ code: "amount_exceeds_refundable", failureClass: "fatal" });
    expect(err.details.provider).toBe(fx.id);
    expect(ledgerFor(paymentId)).toHaveLength(0);
  });

  it("refuses a payment already refunded in full as already_refunded", async () => {
    const paymentId = await seed(1000);
    await providerFor(fx, emu).refund({ paymentId, idempotencyKey: newKey() });
    const err = await failureOf(providerFor(fx, emu).refund({ paymentId, amount: 100, idempotencyKey: newKey() }));
    expect(err).toMatchObject({ code: "already_refunded", failureClass: "fatal" });
    expect(ledgerFor(paymentId)).toHaveLength(1);
  });

  it("reports an unknown payment as payment_not_found", async () => {
    const err = await failureOf(providerFor(fx, emu).refund({ paymentId: fx.missingId, idempotencyKey: newKey() }));
    expect(err).toMatchObject({ code: "payment_not_found", failureClass: "fatal" });
    expect(await failureOf(providerFor(fx, emu).getPayment(fx.missingId))).toMatchObject({ code: "payment_not_found" });
  });

  it("reports a wrong key as provider_auth_failed, without the key", async () => {
    const paymentId = await seed(1000);
    const wrong = `${emu.key}x`;
    const provider = providerFor(fx, emu, { apiKey: wrong });
    const err = await failureOf(provider.refund({ paymentId, idempotencyKey: newKey() }));
    expect(err).toMatchObject({ code: "provider_auth_failed", failureClass: "fatal" });
    expect(JSON.stringify({ m: err.message, d: err.details })).not.toContain(wrong);
    expect(await failureOf(provider.verifyConnection())).toMatchObject({ code: "provider_auth_failed" });
    await expect(providerFor(fx, emu).verifyConnection()).resolves.toBeUndefined();
  });

  it("reports a 429 as a retryable provider_rate_limited and signals it", async () => {
    const paymentId = await seed(1000);
    const signals: RateLimitSignal[] = [];
    const provider = providerFor(fx, emu, { onRateLimitSignal: (s) => signals.push(s) });
    emu.setFaults({ rateLimitPerSecond: 1 });
    const results = await Promise.allSettled([1, 2, 3].map(() => provider.getPayment(paymentId)));
    const limited = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as Record<string, unknown>);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]).toMatchObject({ code: "provider_rate_limited", failureClass: "retryable" });
    expect(signals.some((s) => s.limited && (s.retryAfterMs ?? 0) > 0)).toBe(true);
  });

  it("reports a provider 5xx on a read as a retryable provider_unavailable", async () => {
    const paymentId = await seed(1000);
    emu.setFaults({ errorRate: 1 });
    expect(await failureOf(providerFor(fx, emu).getPayment(paymentId))).toMatchObject({ code: "provider_unavailable", failureClass: "retryable" });
    const err = await failureOf(providerFor(fx, emu).refund({ paymentId, idempotencyKey: newKey() }));
    expect(err.failureClass).toBe(fx.refundServerErrorClass);
    expect(ledgerFor(paymentId)).toHaveLength(0);
  });

  it("reports apply-then-500 as outcome_unknown, and the retry with the same key refunds once", async () => {
    const paymentId = await seed(1000);
    const key = newKey();
    emu.setFaults({ failAfterApplyRate: 1, match: fx.refundPath });
    const err = await failureOf(providerFor(fx, emu).refund({ paymentId, amount: 600, idempotencyKey: key }));
    expect(err).toMatchObject({ code: "outcome_unknown", failureClass: "unknown" });
    expect(ledgerFor(paymentId)).toHaveLength(1);
    emu.setFaults({});
    const settled = await providerFor(fx, emu).refund({ paymentId, amount: 600, idempotencyKey: key });
    expect(settled).toMatchObject({ amount: 600, replayed: true });
    expect(ledgerFor(paymentId)).toHaveLength(1);
  });

  it("reports apply-then-hang as outcome_unknown within the timeout, and the retry refunds once", async () => {
    const paymentId = await seed(1000);
    const key = newKey();
    emu.setFaults({ failAfterApplyRate: 1, failAfterApplyMode: "hang", match: fx.refundPath });
    const started = Date.now();
    const err = await failureOf(providerFor(fx, emu, { timeoutMs: 400 }).refund({ paymentId, idempotencyKey: key }));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(err).toMatchObject({ code: "outcome_unknown", failureClass: "unknown" });
    emu.setFaults({});
    const settled = await providerFor(fx, emu).refund({ paymentId, idempotencyKey: key });
    expect(settled).toMatchObject({ amount: 1000, replayed: true });
    expect(ledgerFor(paymentId)).toHaveLength(1);
  });

  it("reports a hung refund as outcome_unknown and a hung read as a retryable provider_timeout", async () => {
    const paymentId = await seed(1000);
    emu.setFaults({ hangRate: 1, match: fx.refundPath });
    const started = Date.now();
    const err = await failureOf(providerFor(fx, emu, { timeoutMs: 400 }).refund({ paymentId, idempotencyKey: newKey() }));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(err).toMatchObject({ code: "outcome_unknown", failureClass: "unknown" });
    expect(ledgerFor(paymentId)).toHaveLength(0);
    emu.setFaults({ hangRate: 1 });
    const read = await failureOf(providerFor(fx, emu, { timeoutMs: 400 }).getPayment(paymentId));
    expect(read).toMatchObject({ code: "provider_timeout", failureClass: "retryable" });
  });

  it("reports a refused connection as a retryable provider_unavailable", async () => {
    const provider = providerFor(fx, emu, { baseUrl: await closedPortUrl() });
    expect(await failureOf(provider.verifyConnection())).toMatchObject({ code: "provider_unavailable", failureClass: "retryable" });
    expect(await failureOf(provider.refund({ paymentId: fx.missingId, idempotencyKey: newKey() }))).toMatchObject({ failureClass: "retryable" });
  });

  it("creates a refundable payment through the adapter", async () => {
    const key = newKey("pay");
    const created = await providerFor(fx, emu).createPayment({ amount: 2500, currency: fx.currency, idempotencyKey: key, description: "adapter test" });
    expect(created).toMatchObject({ amount: 2500, currency: fx.currency, amountRefunded: 0, state: "paid" });
    expect(providerFor(fx, emu).matchesPaymentId(created.paymentId)).toBe(true);
    const outcome = await providerFor(fx, emu).refund({ paymentId: created.paymentId, amount: 500, idempotencyKey: newKey() });
    expect(outcome).toMatchObject({ amount: 500, state: "succeeded" });
  });
});
