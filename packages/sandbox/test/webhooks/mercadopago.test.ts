import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { WebhookSignatureValidator } from "mercadopago";
import { startMercadoPagoEmulator, type EmulatorHandle } from "../../src/index.js";
import { raw } from "../support/http.js";
import { startReceiver, type Received, type Receiver } from "../support/receiver.js";

const SECRET = "mp-webhook-secret-5f2c1e";

let rx: Receiver;
let h: EmulatorHandle;

beforeAll(async () => {
  rx = await startReceiver();
  h = await startMercadoPagoEmulator({ webhooks: [{ url: `${rx.url}/hooks/mp?source=sandbox`, secret: SECRET }] });
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

const auth = () => ({ Authorization: `Bearer ${h.key}` });

function refund(paymentId: string, amountMajor?: number) {
  return raw(`${h.url}/v1/payments/${paymentId}/refunds`, {
    method: "POST",
    headers: { ...auth(), "X-Idempotency-Key": randomUUID() },
    body: amountMajor === undefined ? {} : { amount: amountMajor },
  });
}

/** What a receiver does next: GET the payment the notification names. */
async function payment(id: string) {
  return (await raw(`${h.url}/v1/payments/${id}`, { headers: auth() })).body;
}

/** Recomputes MP's x-signature from data.id (query), x-request-id and ts, as a receiver must. */
function expectMpSigned(r: Received, paymentId: string): void {
  expect(r.method).toBe("POST");
  expect(r.path).toBe("/hooks/mp");
  expect(r.query.get("source")).toBe("sandbox");
  expect(r.query.get("data.id")).toBe(paymentId);
  expect(r.query.get("type")).toBe("payment");
  const requestId = String(r.headers["x-request-id"]);
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  const m = /^ts=(\d+),v1=([0-9a-f]{64})$/.exec(String(r.headers["x-signature"]));
  expect(m, String(r.headers["x-signature"])).not.toBeNull();
  const [, ts, v1] = m as RegExpExecArray;
  // Seconds, like the example in MP's docs (ts=1704908010): ten digits, close to now.
  expect(ts).toHaveLength(10);
  expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(5);
  const manifest = `id:${paymentId};request-id:${requestId};ts:${ts};`;
  expect(v1).toBe(createHmac("sha256", SECRET).update(manifest).digest("hex"));
  // The official SDK's validator agrees, timestamp tolerance included.
  expect(() =>
    WebhookSignatureValidator.validate({
      xSignature: r.headers["x-signature"],
      xRequestId: r.headers["x-request-id"],
      dataId: r.query.get("data.id"),
      secret: SECRET,
      toleranceSeconds: 300,
    }),
  ).not.toThrow();
}

function expectNotification(r: Received, paymentId: string): void {
  expect(r.body).toMatchObject({
    id: expect.any(Number),
    live_mode: false,
    type: "payment",
    date_created: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    user_id: expect.any(Number),
    api_version: "v1",
    action: "payment.updated",
    data: { id: paymentId },
  });
}

describe("mercado pago webhooks", () => {
  it("an immediate refund sends one signed payment.updated notification; the payment shows the refund", async () => {
    const { payment_id } = await h.createPayment(5000);
    const res = await refund(payment_id, 20);
    expect(res.status).toBe(201);
    const [r] = await rx.waitForCount(1);
    expectNotification(r as Received, payment_id);
    expectMpSigned(r as Received, payment_id);
    const p = await payment(payment_id);
    expect(p).toMatchObject({ status: "approved", status_detail: "partially_refunded", transaction_amount_refunded: 20 });
  });

  it("an in_process refund notifies twice: when created and when approved", async () => {
    h.setRefundBehaviour({ pendingRate: 1, settleAfterMs: 500 });
    const { payment_id } = await h.createPayment(5000);
    const res = await refund(payment_id);
    expect(res.body.status).toBe("in_process");
    await rx.waitForCount(1);
    // While in process no money has gone back: the payment does not move yet.
    const during = await payment(payment_id);
    expect(during).toMatchObject({ status: "approved", status_detail: "accredited", transaction_amount_refunded: 0 });
    expect(during.refunds[0].status).toBe("in_process");

    const got = await rx.waitForCount(2);
    got.forEach((r) => expectNotification(r, payment_id));
    got.forEach((r) => expectMpSigned(r, payment_id));
    expect(got[0]?.body.id).not.toBe(got[1]?.body.id);
    const after = await payment(payment_id);
    expect(after).toMatchObject({ status: "refunded", status_detail: "refunded", transaction_amount_refunded: 50 });
    expect(after.refunds[0].status).toBe("approved");
    expect(h.refunds()[0]?.status).toBe("approved");
  });

  it("a rejected refund notifies and leaves transaction_amount_refunded unchanged", async () => {
    h.setRefundBehaviour({ pendingRate: 1, failRate: 1, settleAfterMs: 40 });
    const { payment_id } = await h.createPayment(5000);
    const res = await refund(payment_id, 30);
    const got = await rx.waitForCount(2);
    got.forEach((r) => expectMpSigned(r, payment_id));
    const after = await payment(payment_id);
    expect(after).toMatchObject({ status: "approved", status_detail: "accredited", transaction_amount_refunded: 0 });
    const one = (await raw(`${h.url}/v1/payments/${payment_id}/refunds/${res.body.id}`, { headers: auth() })).body;
    expect(one.status).toBe("rejected");
    // The rejected amount can be refunded again.
    h.setRefundBehaviour({});
    expect((await refund(payment_id)).body).toMatchObject({ status: "approved", amount: 50 });
  });

  it("refuses a refund while everything left is in process", async () => {
    h.setRefundBehaviour({ pendingRate: 1, settleAfterMs: 10_000 });
    const { payment_id } = await h.createPayment(5000);
    expect((await refund(payment_id)).status).toBe(201);
    const again = await refund(payment_id);
    expect(again.status).toBe(400);
    expect(again.body.cause[0].code).toBe(2063);
  });
});
