import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SettleError, startSandbox, startStripeEmulator, type EmulatorHandle } from "../../src/index.js";
import { stripeClient } from "../support/clients.js";
import { raw } from "../support/http.js";
import { settle, startReceiver, type Receiver } from "../support/receiver.js";

let rx: Receiver;
let h: EmulatorHandle;

beforeAll(async () => {
  rx = await startReceiver();
  h = await startStripeEmulator();
});
afterAll(async () => {
  await h.close();
  await rx.close();
});
beforeEach(() => {
  h.reset();
  h.setRefundBehaviour({});
  h.setWebhooks([]);
  h.setWebhookFaults({});
  h.setWebhookRetry({});
  rx.received.length = 0;
});

const control = (path: string, method = "GET", body?: unknown) => raw(`${h.url}/_sandbox${path}`, { method, ...(body === undefined ? {} : { body }) });

describe("control API: webhooks", () => {
  it("reads and replaces targets, faults and retry, each part on its own", async () => {
    expect((await control("/webhooks")).body).toEqual({ targets: [], faults: {}, retry: {} });
    const target = { url: `${rx.url}/hook`, secret: "whsec_x" };
    const put = await control("/webhooks", "PUT", { targets: [target], faults: { duplicateRate: 0.5, seed: 3 } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ targets: [target], faults: { duplicateRate: 0.5, seed: 3 }, retry: {} });
    await control("/webhooks", "POST", { retry: { maxAttempts: 2 } });
    expect(h.getWebhooks()).toEqual([target]);
    expect(h.getWebhookFaults()).toEqual({ duplicateRate: 0.5, seed: 3 });
    expect(h.getWebhookRetry()).toEqual({ maxAttempts: 2 });
    // A bare array is the target list.
    expect((await control("/webhooks", "PUT", [])).body.targets).toEqual([]);
  });

  it("refuses invalid settings with a 400 and changes nothing", async () => {
    const good = { url: `${rx.url}/hook`, secret: "s" };
    h.setWebhooks([good]);
    const bad = [
      { targets: [{ url: "ftp://example.com/x", secret: "s" }] },
      { targets: [{ url: "not a url", secret: "s" }] },
      { targets: [{ url: "http://user:pw@127.0.0.1/x", secret: "s" }] },
      { targets: [{ url: `${rx.url}/hook`, secret: "" }] },
      { targets: [good], faults: { dropRate: 2 } },
      { retry: { maxAttempts: 0 } },
      { nope: true },
      "{oops",
    ];
    for (const body of bad) {
      const res = await control("/webhooks", "PUT", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toEqual(expect.any(String));
    }
    expect(h.getWebhooks()).toEqual([good]);
    expect(h.getWebhookFaults()).toEqual({});
    expect(() => h.setWebhooks([{ url: "javascript:alert(1)", secret: "s" }])).toThrow(TypeError);
  });

  it("shows the delivery log, and reset() empties it", async () => {
    h.setWebhooks([{ url: rx.url, secret: "whsec_y" }]);
    const { payment_id } = await h.createPayment(1000);
    await stripeClient(h).refunds.create({ payment_intent: payment_id });
    await h.webhooksIdle();
    const log = (await control("/webhooks/deliveries")).body;
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ provider: "stripe", url: rx.url, event_id: expect.stringMatching(/^evt_/), attempt: 1, status: 200 });
    await control("/reset", "POST");
    expect((await control("/webhooks/deliveries")).body).toEqual([]);
    expect(h.getWebhooks()).toHaveLength(1);
  });
});

describe("control API: refund behaviour and settlement", () => {
  it("reads and replaces the refund behaviour; refuses invalid ones", async () => {
    expect((await control("/refund-behaviour")).body).toEqual({});
    const put = await control("/refund-behaviour", "PUT", { pendingRate: 1, settleAfterMs: 60_000, failRate: 0.5, seed: 9 });
    expect(put.body).toEqual({ pendingRate: 1, settleAfterMs: 60_000, failRate: 0.5, seed: 9 });
    for (const body of [{ pendingRate: -0.1 }, { settleAfterMs: "soon" }, { failRate: 1.5 }, { whatever: 1 }]) {
      expect((await control("/refund-behaviour", "PUT", body)).status).toBe(400);
    }
    expect(h.getRefundBehaviour()).toMatchObject({ pendingRate: 1 });
  });

  it("settles a pending refund by hand: 200 once, then 409; 404 for an unknown id; 400 for a bad outcome", async () => {
    h.setRefundBehaviour({ pendingRate: 1, settleAfterMs: 60_000 });
    const { payment_id } = await h.createPayment(1000);
    const refund = await stripeClient(h).refunds.create({ payment_intent: payment_id });
    expect(refund.status).toBe("pending");

    expect((await control(`/refunds/${refund.id}/settle`, "POST", { outcome: "maybe" })).status).toBe(400);
    const ok = await control(`/refunds/${refund.id}/settle`, "POST", { outcome: "succeeded" });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ provider: "stripe", refund_id: refund.id, status: "succeeded" });
    expect((await stripeClient(h).refunds.retrieve(refund.id)).status).toBe("succeeded");
    expect((await control(`/refunds/${refund.id}/settle`, "POST", { outcome: "failed" })).status).toBe(409);
    expect((await control(`/refunds/re_missing/settle`, "POST", { outcome: "failed" })).status).toBe(404);
    expect((await control(`/refunds/${refund.id}/settle`)).status).toBe(405);

    expect(() => h.settleRefund("re_missing", "succeeded")).toThrow(SettleError);
    expect(() => h.settleRefund(refund.id, "failed")).toThrow(expect.objectContaining({ reason: "not_pending" }));
  });

  it("reset() drops pending settlements with the refunds they belong to", async () => {
    h.setWebhooks([{ url: rx.url, secret: "whsec_z" }]);
    h.setRefundBehaviour({ pendingRate: 1, settleAfterMs: 400 });
    const { payment_id } = await h.createPayment(1000);
    const refund = await stripeClient(h).refunds.create({ payment_intent: payment_id });
    expect(refund.status).toBe("pending");
    h.reset();
    await settle(600);
    // refund.created may or may not have gone out before reset(); the settlement never happens.
    expect(rx.received.map((r) => r.body.type)).not.toContain("refund.updated");
    expect(h.refunds()).toEqual([]);
  });

  it("the same seed gives the same pending/failed choices", async () => {
    const run = async () => {
      h.reset();
      h.setRefundBehaviour({ pendingRate: 0.5, failRate: 0.5, settleAfterMs: 60_000, seed: 42 });
      const { payment_id } = await h.createPayment(10_000);
      const stripe = stripeClient(h);
      const out: string[] = [];
      for (let i = 0; i < 12; i++) out.push((await stripe.refunds.create({ payment_intent: payment_id, amount: 100 })).status as string);
      return out;
    };
    const first = await run();
    expect(first).toContain("pending");
    expect(first).toContain("succeeded");
    expect(await run()).toEqual(first);
  });
});

describe("startSandbox", () => {
  it("passes webhook and refund options through to each emulator", async () => {
    const sb = await startSandbox({
      asaas: { webhooks: [{ url: `${rx.url}/asaas`, secret: "tok" }], refundBehaviour: { pendingRate: 1 } },
    });
    try {
      expect(sb.asaas.getWebhooks()).toEqual([{ url: `${rx.url}/asaas`, secret: "tok" }]);
      expect(sb.asaas.getRefundBehaviour()).toEqual({ pendingRate: 1 });
      expect(sb.stripe.getWebhooks()).toEqual([]);
    } finally {
      await sb.close();
    }
  });

  it("refuses to start with invalid webhook or refund options", async () => {
    await expect(startStripeEmulator({ webhooks: [{ url: "nope", secret: "s" }] })).rejects.toThrow(/url/);
    await expect(startStripeEmulator({ refundBehaviour: { pendingRate: 3 } })).rejects.toThrow(/pendingRate/);
    await expect(startStripeEmulator({ webhookFaults: { duplicateRate: -1 } })).rejects.toThrow(/duplicateRate/);
  });
});
