import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAsaasEmulator, type EmulatorHandle } from "@codespar/sandbox";
import { AsaasProvider, type RateLimitSignal } from "../../src/index.js";
import { failureOf, newKey } from "./fixtures.js";

interface RawPayment {
  refunds: Array<{ description: string | null; value: number }>;
}

describe("AsaasProvider specifics", () => {
  let emu: EmulatorHandle;
  let asaas: AsaasProvider;

  beforeAll(async () => {
    emu = await startAsaasEmulator();
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.setFaults({});
    emu.reset();
    asaas = new AsaasProvider({ baseUrl: emu.url, apiKey: emu.key, mode: "test", timeoutMs: 2_000 });
  });

  const seed = async (amount = 1000) => (await emu.createPayment(amount, "BRL")).payment_id;

  it("writes the reason and our tag into the refund description, value in decimal reais", async () => {
    const paymentId = await seed(1999);
    const key = newKey();
    await asaas.refund({ paymentId, amount: 1999, reason: "Cliente pediu", idempotencyKey: key });
    const raw = (await asaas.getPayment(paymentId)).raw as RawPayment;
    expect(raw.refunds).toEqual([expect.objectContaining({ value: 19.99, description: `Cliente pediu [codespar:${key}]` })]);
  });

  it("sends a first attempt without reading first: one request, and the refund is found by its tag", async () => {
    const paymentId = await seed(1000);
    const before = emu.requestCount();
    const outcome = await asaas.refund({ paymentId, amount: 400, idempotencyKey: newKey(), firstAttempt: true });
    expect(emu.requestCount() - before).toBe(1);
    expect(outcome).toMatchObject({ amount: 400, replayed: false, state: "succeeded" });
  });

  it("reads first on any attempt that is not the first: a refund already applied is not sent again", async () => {
    const paymentId = await seed(1000);
    const key = newKey();
    await asaas.refund({ paymentId, amount: 400, idempotencyKey: key, firstAttempt: true });
    const outcome = await asaas.refund({ paymentId, amount: 400, idempotencyKey: key });
    expect(outcome).toMatchObject({ replayed: true });
    expect(emu.refunds()).toHaveLength(1);
  });

  it("settles a retry by read-back alone: one GET, no second POST", async () => {
    const paymentId = await seed();
    const key = newKey();
    emu.setFaults({ failAfterApplyRate: 1, match: "/refund$" });
    await failureOf(asaas.refund({ paymentId, amount: 300, idempotencyKey: key }));
    emu.setFaults({});
    const before = emu.requestCount();
    const outcome = await asaas.refund({ paymentId, amount: 300, idempotencyKey: key });
    expect(emu.requestCount() - before).toBe(1);
    expect(outcome).toMatchObject({ amount: 300, replayed: true, state: "succeeded" });
    expect((await asaas.getPayment(paymentId)).refunds[0]?.idempotencyKey).toBe(key);
  });

  it("refuses a key the tag cannot carry before sending anything", async () => {
    const paymentId = await seed();
    const before = emu.requestCount();
    expect(await failureOf(asaas.refund({ paymentId, idempotencyKey: "bad]key" }))).toMatchObject({ code: "invalid_request", failureClass: "fatal" });
    expect(emu.requestCount()).toBe(before);
  });

  it("signals Asaas's RateLimit-* headers on ordinary answers", async () => {
    const signals: RateLimitSignal[] = [];
    const watched = new AsaasProvider({ baseUrl: emu.url, apiKey: emu.key, mode: "test", onRateLimitSignal: (s) => signals.push(s) });
    await watched.getPayment(await seed());
    expect(signals[0]).toMatchObject({ limited: false, limit: 25_000 });
    expect(signals[0]?.remaining).toBeLessThan(25_000);
  });

  it("accepts a base URL that already ends in /v3", async () => {
    const v3 = new AsaasProvider({ baseUrl: `${emu.url}/v3`, apiKey: emu.key, mode: "test" });
    await expect(v3.verifyConnection()).resolves.toBeUndefined();
  });

  it("creates a payment once per key (externalReference read-back)", async () => {
    const key = newKey("pay");
    const first = await asaas.createPayment({ amount: 1500, currency: "BRL", idempotencyKey: key });
    const again = await asaas.createPayment({ amount: 1500, currency: "BRL", idempotencyKey: key });
    expect(again.paymentId).toBe(first.paymentId);
    expect(first).toMatchObject({ state: "paid", providerStatus: "RECEIVED_IN_CASH" });
  });

  it("refuses a currency other than BRL", async () => {
    expect(await failureOf(asaas.createPayment({ amount: 100, currency: "USD", idempotencyKey: newKey() }))).toMatchObject({ code: "invalid_request" });
  });
});
