import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startStripeEmulator, type EmulatorHandle } from "../../src/index.js";
import { stripeClient } from "../support/clients.js";
import { startReceiver, type Received, type Receiver } from "../support/receiver.js";

const SECRET = "whsec_sandbox_test_secret_0123456789";

let rx: Receiver;
let h: EmulatorHandle;
let stripe: Stripe;

beforeAll(async () => {
  rx = await startReceiver();
  h = await startStripeEmulator({ webhooks: [{ url: `${rx.url}/hooks/stripe`, secret: SECRET }] });
  stripe = stripeClient(h);
});
afterAll(async () => {
  await h.close();
  await rx.close();
});
beforeEach(() => {
  h.reset();
  h.setRefundBehaviour({});
  rx.received.length = 0;
  rx.respond(() => 200);
});

/** Recomputes Stripe's signature from the raw body, as a receiver must. */
function expectStripeSigned(r: Received): void {
  const header = String(r.headers["stripe-signature"]);
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  expect(m, header).not.toBeNull();
  const [, t, v1] = m as RegExpExecArray;
  expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(5);
  expect(v1).toBe(createHmac("sha256", SECRET).update(`${t}.${r.raw}`).digest("hex"));
  // And the official SDK accepts it unchanged (300 s tolerance).
  expect(stripe.webhooks.constructEvent(r.raw, header, SECRET).id).toBe(r.body.id);
  expect(r.headers["content-type"]).toMatch(/^application\/json/);
  expect(r.method).toBe("POST");
  expect(r.path).toBe("/hooks/stripe");
}

const types = (rs: Received[]) => rs.map((r) => r.body.type);

async function paidIntent(amount = 5000): Promise<string> {
  return (await h.createPayment(amount)).payment_id;
}

describe("stripe webhooks", () => {
  it("an immediate refund sends refund.created and charge.refunded, signed like Stripe", async () => {
    const pi = await paidIntent();
    const refund = await stripe.refunds.create({ payment_intent: pi, amount: 1500 }, { idempotencyKey: "wh-key-1" });
    expect(refund.status).toBe("succeeded");
    const got = await rx.waitForCount(2);
    expect(types(got).sort()).toEqual(["charge.refunded", "refund.created"]);
    for (const r of got) {
      expectStripeSigned(r);
      expect(r.body).toMatchObject({ object: "event", livemode: false, pending_webhooks: 1, api_version: expect.any(String) });
      expect(r.body.id).toMatch(/^evt_/);
      expect(r.body.created).toBeTypeOf("number");
      expect(r.body.request).toMatchObject({ id: expect.stringMatching(/^req_/), idempotency_key: "wh-key-1" });
    }
    const created = got.find((r) => r.body.type === "refund.created") as Received;
    expect(created.body.data.object).toMatchObject({ id: refund.id, object: "refund", status: "succeeded", amount: 1500 });
    const charged = got.find((r) => r.body.type === "charge.refunded") as Received;
    expect(charged.body.data.object).toMatchObject({ object: "charge", amount_refunded: 1500, refunded: false });
    expect(new Set(got.map((r) => r.body.id)).size).toBe(2);
  });

  it("a pending refund sends refund.created (pending), then refund.updated and charge.refunded when it succeeds", async () => {
    h.setRefundBehaviour({ pendingRate: 1, settleAfterMs: 150 });
    const pi = await paidIntent();
    const refund = await stripe.refunds.create({ payment_intent: pi });
    expect(refund.status).toBe("pending");
    expect(h.refunds()[0]?.status).toBe("pending");
    const got = await rx.waitForCount(3);
    expect(types(got)[0]).toBe("refund.created");
    expect(got[0]?.body.data.object.status).toBe("pending");
    expect(got[0]?.body.request.id).toMatch(/^req_/);
    const updated = got.find((r) => r.body.type === "refund.updated") as Received;
    expect(updated.body.data).toMatchObject({ object: { id: refund.id, status: "succeeded" }, previous_attributes: { status: "pending" } });
    // The settlement is Stripe's own doing, not an API request.
    expect(updated.body.request).toEqual({ id: null, idempotency_key: null });
    expect(types(got)).toContain("charge.refunded");
    got.forEach(expectStripeSigned);
    expect((await stripe.refunds.retrieve(refund.id)).status).toBe("succeeded");
    expect(h.refunds()[0]?.status).toBe("succeeded");
  });

  it("a failed settlement sends refund.updated and refund.failed and gives the amount back to the charge", async () => {
    h.setRefundBehaviour({ pendingRate: 1, failRate: 1, settleAfterMs: 500 });
    const pi = await paidIntent(4000);
    const refund = await stripe.refunds.create({ payment_intent: pi, amount: 2500 });
    const chargeId = refund.charge as string;
    expect((await stripe.charges.retrieve(chargeId)).amount_refunded).toBe(2500);

    const got = await rx.waitForCount(3);
    expect(types(got)).toEqual(expect.arrayContaining(["refund.created", "refund.updated", "refund.failed"]));
    expect(types(got)).not.toContain("charge.refunded");
    const failed = got.find((r) => r.body.type === "refund.failed") as Received;
    expect(failed.body.data.object).toMatchObject({ id: refund.id, status: "failed", failure_reason: expect.any(String) });
    got.forEach(expectStripeSigned);

    const after = await stripe.refunds.retrieve(refund.id);
    expect(after.status).toBe("failed");
    expect(after.failure_reason).toBe("expired_or_canceled_card");
    expect((await stripe.charges.retrieve(chargeId)).amount_refunded).toBe(0);
    // The whole amount is refundable again.
    h.setRefundBehaviour({});
    expect((await stripe.refunds.create({ payment_intent: pi })).amount).toBe(4000);
  });

  it("settles by hand before the timer, and the timer then does nothing", async () => {
    h.setRefundBehaviour({ pendingRate: 1, settleAfterMs: 300 });
    const pi = await paidIntent();
    const refund = await stripe.refunds.create({ payment_intent: pi });
    const record = h.settleRefund(refund.id, "failed");
    expect(record).toMatchObject({ refund_id: refund.id, status: "failed" });
    await new Promise((r) => setTimeout(r, 450));
    expect((await stripe.refunds.retrieve(refund.id)).status).toBe("failed");
    expect(types(rx.received).filter((t) => t === "refund.updated")).toHaveLength(1);
  });
});
