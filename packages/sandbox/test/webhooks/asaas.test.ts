import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAsaasEmulator, type EmulatorHandle } from "../../src/index.js";
import { asaasHeaders } from "../support/clients.js";
import { raw } from "../support/http.js";
import { startReceiver, type Received, type Receiver } from "../support/receiver.js";

const TOKEN = "asaas-webhook-token-9d8c7b";

let rx: Receiver;
let h: EmulatorHandle;

beforeAll(async () => {
  rx = await startReceiver();
  h = await startAsaasEmulator({ webhooks: [{ url: `${rx.url}/hooks/asaas`, secret: TOKEN }] });
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

function refund(paymentId: string, value?: number) {
  return raw(`${h.url}/v3/payments/${paymentId}/refund`, { method: "POST", headers: asaasHeaders(h), body: value === undefined ? {} : { value } });
}

async function payment(id: string) {
  return (await raw(`${h.url}/v3/payments/${id}`, { headers: asaasHeaders(h) })).body;
}

/** Asaas signs nothing: the receiver compares the token it configured. */
function expectAsaasEvent(r: Received, event: string, paymentId: string): void {
  expect(r.method).toBe("POST");
  expect(r.path).toBe("/hooks/asaas");
  expect(r.headers["asaas-access-token"]).toBe(TOKEN);
  expect(r.headers["content-type"]).toMatch(/^application\/json/);
  expect(r.body).toMatchObject({ event, payment: { object: "payment", id: paymentId } });
  expect(r.body.id).toMatch(/^evt_[0-9a-f]{32}&\d+$/);
  expect(r.body.dateCreated).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
}

const events = (rs: Received[]) => rs.map((r) => r.body.event);

describe("asaas webhooks", () => {
  it("a partial refund done at once sends PAYMENT_PARTIALLY_REFUNDED; the rest sends PAYMENT_REFUNDED", async () => {
    const { payment_id } = await h.createPayment(5000);
    expect((await refund(payment_id, 10)).status).toBe(200);
    const [first] = await rx.waitForCount(1);
    expectAsaasEvent(first as Received, "PAYMENT_PARTIALLY_REFUNDED", payment_id);
    expect(first?.body.payment).toMatchObject({ status: "RECEIVED", refunds: [{ status: "DONE", value: 10 }] });

    await refund(payment_id);
    const got = await rx.waitForCount(2);
    expectAsaasEvent(got[1] as Received, "PAYMENT_REFUNDED", payment_id);
    expect(got[1]?.body.payment.status).toBe("REFUNDED");
    expect(got[0]?.body.id).not.toBe(got[1]?.body.id);
  });

  it("a pending refund sends PAYMENT_REFUND_IN_PROGRESS, then PAYMENT_REFUNDED once DONE", async () => {
    h.setRefundBehaviour({ pendingRate: 1, settleAfterMs: 600 });
    const { payment_id } = await h.createPayment(5000);
    const answer = await refund(payment_id);
    expect(answer.body).toMatchObject({ status: "REFUND_IN_PROGRESS", refunds: [{ status: "PENDING" }] });
    const [first] = await rx.waitForCount(1);
    expectAsaasEvent(first as Received, "PAYMENT_REFUND_IN_PROGRESS", payment_id);
    expect(first?.body.payment.status).toBe("REFUND_IN_PROGRESS");
    // While one is in progress Asaas takes no other refund of the payment.
    expect((await refund(payment_id, 1)).status).toBe(400);

    const got = await rx.waitForCount(2);
    expectAsaasEvent(got[1] as Received, "PAYMENT_REFUNDED", payment_id);
    expect(await payment(payment_id)).toMatchObject({ status: "REFUNDED", refunds: [{ status: "DONE" }] });
    expect(h.refunds()[0]?.status).toBe("DONE");
  });

  it("a pending partial refund that completes returns the payment to its prior status", async () => {
    h.setRefundBehaviour({ pendingRate: 1, settleAfterMs: 100 });
    const { payment_id } = await h.createPayment(5000);
    await refund(payment_id, 5);
    const got = await rx.waitForCount(2);
    expect(events(got)).toEqual(["PAYMENT_REFUND_IN_PROGRESS", "PAYMENT_PARTIALLY_REFUNDED"]);
    expect(await payment(payment_id)).toMatchObject({ status: "RECEIVED", refunds: [{ status: "DONE", value: 5 }] });
  });

  it("a denied refund sends PAYMENT_REFUND_DENIED, the refund is CANCELLED and the value refundable again", async () => {
    h.setRefundBehaviour({ pendingRate: 1, failRate: 1, settleAfterMs: 100 });
    const { payment_id } = await h.createPayment(5000);
    await refund(payment_id, 20);
    const got = await rx.waitForCount(2);
    expect(events(got)).toEqual(["PAYMENT_REFUND_IN_PROGRESS", "PAYMENT_REFUND_DENIED"]);
    expectAsaasEvent(got[1] as Received, "PAYMENT_REFUND_DENIED", payment_id);
    expect(got[1]?.body.payment).toMatchObject({ status: "RECEIVED", refunds: [{ status: "CANCELLED" }] });
    expect(h.refunds()[0]?.status).toBe("CANCELLED");
    h.setRefundBehaviour({});
    expect((await refund(payment_id)).body).toMatchObject({ status: "REFUNDED" });
  });
});
