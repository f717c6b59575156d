import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mpPayment, nowS, startFakeMercadoPago, startWebhookFixture, type WebhookFixture } from "./webhook-fixture.js";

const SECRET = "mp-secret-signature-abc";
let f: WebhookFixture;
let mp: Awaited<ReturnType<typeof startFakeMercadoPago>>;
let conn: string;

beforeAll(async () => {
  f = await startWebhookFixture();
  mp = await startFakeMercadoPago();
  conn = await f.connect("mercadopago", { secret: SECRET, baseUrl: mp.url });
});
afterAll(async () => {
  await f.close();
  await mp.close();
});

function sign(dataId: string, requestId: string, secret = SECRET, ts = nowS()): string {
  return `ts=${ts},v1=${createHmac("sha256", secret).update(`id:${dataId};request-id:${requestId};ts:${ts};`).digest("hex")}`;
}

let seq = 0;
function deliver(paymentId: string, opts: { secret?: string; ts?: number; eventId?: string; bodyId?: string; query?: boolean; headers?: Record<string, string> } = {}) {
  const requestId = randomUUID();
  const body = JSON.stringify({ id: opts.eventId ?? `${Date.now()}${++seq}`, type: "payment", action: "payment.updated", data: { id: opts.bodyId ?? paymentId } });
  const query = opts.query === false ? "" : `?data.id=${paymentId}&type=payment`;
  const headers = opts.headers ?? { "x-signature": sign(paymentId, requestId, opts.secret, opts.ts), "x-request-id": requestId };
  return f.post(`/v1/webhooks/mercadopago/${conn}${query}`, body, headers);
}

async function seedPending(paymentId: string, refundId: string, key = `mp-${paymentId}`) {
  await f.seedRefund({ server: "mercadopago", connectionId: conn, key, paymentId, state: "pending", refundId });
  return key;
}

describe("Mercado Pago webhooks: x-signature manifest", () => {
  it("accepts a valid delivery, reads the payment back and settles our refund by refund id", async () => {
    const key = await seedPending("1001", "9001");
    mp.payments.set("1001", mpPayment("1001", [{ id: 9001, amount: 10, status: "approved" }], "refunded"));
    const res = await deliver("1001");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: true, duplicate: false, matched: 1, changed: 1 });
    expect(mp.reads).toContain("1001");
    expect((await f.refund(key))?.state).toBe("succeeded");
    expect(f.stateEvents).toContainEqual({ key, state: "succeeded", previous: "pending", source: "webhook" });
  });

  it("falls back to the body's data.id when the URL has none", async () => {
    const key = await seedPending("1002", "9002");
    mp.payments.set("1002", mpPayment("1002", [{ id: 9002, amount: 10, status: "rejected" }]));
    const res = await deliver("1002", { query: false });
    expect(res.status).toBe(200);
    expect(await f.refund(key)).toMatchObject({ state: "failed" });
  });

  it("refuses a wrong secret, a stale ts, and a missing header with 401, changing nothing", async () => {
    const key = await seedPending("1003", "9003");
    mp.payments.set("1003", mpPayment("1003", [{ id: 9003, amount: 10, status: "approved" }]));
    const wrong = await deliver("1003", { secret: "not-the-secret" });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("webhook_signature_invalid");
    const stale = await deliver("1003", { ts: nowS() - 600 });
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe("webhook_timestamp_stale");
    const missing = await deliver("1003", { headers: { "x-request-id": randomUUID() } });
    expect(missing.status).toBe(401);
    expect(missing.body.error.message).toContain("x-signature");
    expect((await f.refund(key))?.state).toBe("pending");
  });

  it("refuses a tampered data.id (signed for one payment, pointed at another)", async () => {
    const key = await seedPending("1004", "9004");
    mp.payments.set("1004", mpPayment("1004", [{ id: 9004, amount: 10, status: "approved" }]));
    const requestId = randomUUID();
    const res = await f.post(`/v1/webhooks/mercadopago/${conn}?data.id=1004`, JSON.stringify({ id: "n1", type: "payment", data: { id: "1004" } }), {
      "x-signature": sign("9999", requestId), "x-request-id": requestId,
    });
    expect(res.status).toBe(401);
    const swapped = await f.post(`/v1/webhooks/mercadopago/${conn}?data.id=1004`, JSON.stringify({ id: "n1", type: "payment", data: { id: "1004" } }), {
      "x-signature": sign("1004", requestId), "x-request-id": randomUUID(),
    });
    expect(swapped.status).toBe(401);
    expect((await f.refund(key))?.state).toBe("pending");
  });

  it("answers a duplicate notification id once", async () => {
    const key = await seedPending("1005", "9005");
    mp.payments.set("1005", mpPayment("1005", [{ id: 9005, amount: 10, status: "approved" }]));
    expect((await deliver("1005", { eventId: "777000" })).body).toMatchObject({ duplicate: false, changed: 1 });
    const reads = mp.reads.length;
    const again = await deliver("1005", { eventId: "777000" });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ received: true, duplicate: true });
    expect(mp.reads.length).toBe(reads);
    expect((await f.refund(key))?.state).toBe("succeeded");
  });

  it("answers 404 for an unknown connection", async () => {
    const requestId = randomUUID();
    const res = await f.post("/v1/webhooks/mercadopago/conn_nope?data.id=1", JSON.stringify({ id: "1", type: "payment", data: { id: "1" } }), { "x-signature": sign("1", requestId), "x-request-id": requestId });
    expect(res.status).toBe(404);
  });

  it("acknowledges a payment the provider does not have, and answers 503 (so it is redelivered) when the provider cannot be read", async () => {
    expect((await deliver("424242")).body).toMatchObject({ received: true, matched: 0 });
    // Another project's connection: one project has one connection per server and mode.
    const created = await f.t.api("POST", "/v1/connections", { key: f.t.keyB, body: { server: "mercadopago", mode: "test", base_url: "http://127.0.0.1:9", credentials: { api_key: "TEST-down-12345678", webhook_secret: SECRET } } });
    const down = created.body.id as string;
    const requestId = randomUUID();
    const res = await f.post(`/v1/webhooks/mercadopago/${down}?data.id=1006`, JSON.stringify({ id: "n-down", type: "payment", data: { id: "1006" } }), { "x-signature": sign("1006", requestId), "x-request-id": requestId });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("provider_unavailable");
  });
});
