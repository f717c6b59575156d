import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAsaasEmulator, startStripeEmulator, type EmulatorHandle } from "../../src/index.js";
import { stripeClient } from "../support/clients.js";
import { raw } from "../support/http.js";

describe("the /_sandbox control API", () => {
  let h: EmulatorHandle;
  beforeAll(async () => {
    h = await startStripeEmulator({ faults: { latencyMs: 5 } });
  });
  afterAll(() => h.close());

  it("reports health without provider auth", async () => {
    const res = await raw(`${h.url}/_sandbox/health`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, provider: "stripe" });
  });

  it("reads the faults given at start and replaces them with PUT or POST", async () => {
    expect((await raw(`${h.url}/_sandbox/faults`)).body).toEqual({ latencyMs: 5 });
    const put = await raw(`${h.url}/_sandbox/faults`, { method: "PUT", body: { errorRate: 0.25, match: "refund" } });
    expect(put.body).toEqual({ errorRate: 0.25, match: "refund" });
    expect(h.getFaults()).toEqual({ errorRate: 0.25, match: "refund" });
    await raw(`${h.url}/_sandbox/faults`, { method: "POST", body: {} });
    expect(h.getFaults()).toEqual({});
  });

  it("refuses an invalid fault config with a 400 and keeps the old one", async () => {
    h.setFaults({ latencyMs: 1 });
    for (const bad of [{ errorRate: 2 }, { failAfterApplyMode: "sometimes" }, { match: "(" }, { nope: 1 }]) {
      const res = await raw(`${h.url}/_sandbox/faults`, { method: "PUT", body: bad });
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual(expect.any(String));
    }
    expect(h.getFaults()).toEqual({ latencyMs: 1 });
    expect(() => h.setFaults({ hangRate: -1 })).toThrow(TypeError);
    h.setFaults({});
  });

  it("is never faulted and never counted", async () => {
    h.setFaults({ errorRate: 1, hangRate: 1 });
    const before = h.requestCount();
    expect((await raw(`${h.url}/_sandbox/health`)).status).toBe(200);
    expect((await raw(`${h.url}/_sandbox/refunds`)).status).toBe(200);
    expect(h.requestCount()).toBe(before);
    h.setFaults({});
  });

  it("seeds payments, shows the refund ledger and resets", async () => {
    const seeded = await raw(`${h.url}/_sandbox/payments`, { method: "POST", body: { amount: 2500, currency: "MXN" } });
    expect(seeded.status).toBe(201);
    expect(seeded.body).toMatchObject({ server: "stripe", amount: 2500, currency: "MXN" });
    await stripeClient(h).refunds.create({ payment_intent: seeded.body.payment_id, amount: 100 });
    const ledger = await raw(`${h.url}/_sandbox/refunds`);
    expect(ledger.body).toMatchObject([{ provider: "stripe", payment_id: seeded.body.payment_id, amount: 100, currency: "MXN" }]);
    expect((await raw(`${h.url}/_sandbox/reset`, { method: "POST" })).body).toEqual({ ok: true });
    expect((await raw(`${h.url}/_sandbox/refunds`)).body).toEqual([]);
    expect(h.requestCount()).toBe(0);
  });

  it("refuses seeds a provider could not hold", async () => {
    expect((await raw(`${h.url}/_sandbox/payments`, { method: "POST", body: { amount: 10.5 } })).status).toBe(400);
    expect((await raw(`${h.url}/_sandbox/payments`, { method: "POST", body: { amount: 100, currency: "JPY" } })).status).toBe(400);
    expect((await raw(`${h.url}/_sandbox/payments`, { method: "POST", body: "{oops" })).status).toBe(400);
    await expect(h.createPayment(0)).rejects.toThrow(RangeError);
  });

  it("answers unknown control paths with 404", async () => {
    expect((await raw(`${h.url}/_sandbox/nothing`)).status).toBe(404);
  });
});

describe("emulator options", () => {
  it("accepts exactly the configured apiKey", async () => {
    const h = await startAsaasEmulator({ apiKey: "$aact_custom_key" });
    try {
      expect(h.key).toBe("$aact_custom_key");
      const ok = await raw(`${h.url}/v3/payments`, { headers: { access_token: "$aact_custom_key", "User-Agent": "t" } });
      expect(ok.status).toBe(200);
    } finally {
      await h.close();
    }
  });

  it("refuses to start with an invalid fault config", async () => {
    await expect(startStripeEmulator({ faults: { errorRate: 5 } })).rejects.toThrow(/errorRate/);
  });

  it("listens on the requested host and reports the url without a /v3 suffix", async () => {
    const h = await startAsaasEmulator({ host: "127.0.0.1", port: 0 });
    try {
      expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await h.close();
    }
  });
});
