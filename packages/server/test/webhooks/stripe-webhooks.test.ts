import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nowS, startWebhookFixture, type WebhookFixture } from "./webhook-fixture.js";

const SECRET = "whsec_test_stripe_secret_1";
let f: WebhookFixture;
let conn: string;
let path: string;

beforeAll(async () => {
  f = await startWebhookFixture();
  conn = await f.connect("stripe", { secret: SECRET });
  path = `/v1/webhooks/stripe/${conn}`;
});
afterAll(async () => f.close());

function sign(body: string, secret = SECRET, t = nowS()): string {
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}

let seq = 0;
function refundEvent(type: string, refund: { id: string; status: string; key?: string }, eventId = `evt_${++seq}_${Date.now()}`): string {
  return JSON.stringify({
    id: eventId, object: "event", type,
    data: { object: { id: refund.id, object: "refund", amount: 1000, currency: "usd", status: refund.status, charge: "ch_1", payment_intent: "pi_1", metadata: refund.key ? { codespar_idempotency_key: refund.key } : {} } },
  });
}

async function seedPending(key: string, refundId: string | null = `re_${key}`) {
  await f.seedRefund({ server: "stripe", connectionId: conn, key, paymentId: `pi_${key}`, state: refundId ? "pending" : "unknown", refundId });
}

describe("Stripe webhooks: Stripe-Signature", () => {
  it("accepts a valid delivery and settles the pending refund it carries, announcing refund.state from the webhook", async () => {
    await seedPending("s1");
    const body = refundEvent("refund.updated", { id: "re_s1", status: "succeeded" });
    const res = await f.post(path, body, { "stripe-signature": sign(body) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: true, duplicate: false, matched: 1, changed: 1 });
    expect((await f.refund("s1"))?.state).toBe("succeeded");
    expect(f.stateEvents).toContainEqual({ key: "s1", state: "succeeded", previous: "pending", source: "webhook" });
  });

  it("keeps the raw body as signed", async () => {
    await seedPending("s1raw");
    // Odd spacing and key order: re-serialising the JSON would break the signature.
    const body = `{ "type":"refund.updated",  "id":"evt_raw_1", "data":{"object":{"id":"re_s1raw","object":"refund","status":"succeeded","amount":1000,"currency":"usd","metadata":{}}}}`;
    expect((await f.post(path, body, { "stripe-signature": sign(body) })).status).toBe(200);
    const db = await f.t.server.services.store.settlement.recordDelivery({
      connection_id: conn, provider_event_id: "evt_raw_1", project_id: f.projectId, server: "stripe", event_type: "x", raw_body: "", received_at: "", processed_at: null,
    });
    expect(db.created).toBe(false);
    expect(db.delivery.raw_body).toBe(body);
  });

  it("accepts when any one of several v1 signatures matches (secret rotation)", async () => {
    await seedPending("s2");
    const body = refundEvent("refund.updated", { id: "re_s2", status: "succeeded" });
    const t = nowS();
    const good = sign(body, SECRET, t).split(",")[1];
    const header = `t=${t},v1=${"0".repeat(64)},${good},v0=deadbeef`;
    expect((await f.post(path, body, { "stripe-signature": header })).status).toBe(200);
    expect((await f.refund("s2"))?.state).toBe("succeeded");
  });

  it("refuses a wrong secret with 401 webhook_signature_invalid and changes nothing", async () => {
    await seedPending("s3");
    const body = refundEvent("refund.updated", { id: "re_s3", status: "succeeded" });
    const res = await f.post(path, body, { "stripe-signature": sign(body, "whsec_someone_else") });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("webhook_signature_invalid");
    expect(res.body.request_id).toBeTruthy();
    expect((await f.refund("s3"))?.state).toBe("pending");
  });

  it("refuses a stale timestamp (older than 300 s) with 401 webhook_timestamp_stale", async () => {
    await seedPending("s4");
    const body = refundEvent("refund.updated", { id: "re_s4", status: "succeeded" });
    const res = await f.post(path, body, { "stripe-signature": sign(body, SECRET, nowS() - 301) });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("webhook_timestamp_stale");
    expect((await f.refund("s4"))?.state).toBe("pending");
  });

  it("refuses a tampered body", async () => {
    await seedPending("s5");
    const signed = refundEvent("refund.updated", { id: "re_s5", status: "failed" });
    const tampered = signed.replace('"failed"', '"succeeded"');
    const res = await f.post(path, tampered, { "stripe-signature": sign(signed) });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("webhook_signature_invalid");
    expect((await f.refund("s5"))?.state).toBe("pending");
  });

  it("refuses a missing or malformed header", async () => {
    const body = refundEvent("refund.updated", { id: "re_x", status: "succeeded" });
    const missing = await f.post(path, body, {});
    expect(missing.status).toBe(401);
    expect(missing.body.error).toMatchObject({ code: "webhook_signature_invalid", message: "Missing Stripe-Signature header" });
    expect((await f.post(path, body, { "stripe-signature": "garbage" })).status).toBe(401);
    expect((await f.post(path, body, { "stripe-signature": `t=abc,v1=${"a".repeat(64)}` })).status).toBe(401);
  });

  it("answers a duplicate event id once with duplicate: true and records its event once", async () => {
    await seedPending("s6");
    const body = refundEvent("refund.failed", { id: "re_s6", status: "failed" }, "evt_dup_1");
    const first = await f.post(path, body, { "stripe-signature": sign(body) });
    const again = await f.post(path, body, { "stripe-signature": sign(body) });
    expect(first.body).toMatchObject({ received: true, duplicate: false, changed: 1 });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ received: true, duplicate: true });
    const events = await f.t.server.services.store.settlement.listEvents(f.projectId, "s6");
    expect(events.filter((e) => e.provider_event_id === "evt_dup_1")).toHaveLength(1);
    expect(await f.refund("s6")).toMatchObject({ state: "failed", error_code: "refund_failed" });
  });

  it("answers 404 for an unknown connection and for a server that is not the connection's", async () => {
    const body = refundEvent("refund.updated", { id: "re_x", status: "succeeded" });
    const unknown = await f.post("/v1/webhooks/stripe/conn_doesnotexist", body, { "stripe-signature": sign(body) });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("not_found");
    expect((await f.post(`/v1/webhooks/asaas/${conn}`, body, { "asaas-access-token": SECRET })).status).toBe(404);
    expect((await f.post(`/v1/webhooks/paypal/${conn}`, body, {})).status).toBe(404);
  });

  it("refuses every delivery to a connection without a webhook secret, saying why", async () => {
    const other = await f.t.api("POST", "/v1/connections", { key: f.t.keyB, body: { server: "stripe", mode: "test", base_url: "http://127.0.0.1:9", credentials: { api_key: "sk_test_nosecret123" } } });
    const body = refundEvent("refund.updated", { id: "re_x", status: "succeeded" });
    const res = await f.post(`/v1/webhooks/stripe/${other.body.id}`, body, { "stripe-signature": sign(body) });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("webhook_secret_missing");
    expect(res.body.error.message).toContain("no webhook secret");
  });

  it("refuses a signed body that is not a Stripe event with 400 webhook_payload_invalid", async () => {
    for (const body of ["not json", "[]", JSON.stringify({ id: "evt_1" })]) {
      const res = await f.post(path, body, { "stripe-signature": sign(body) });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("webhook_payload_invalid");
    }
  });

  it("never moves a terminal state backwards: a late pending after succeeded changes nothing", async () => {
    await seedPending("s7");
    const done = refundEvent("refund.updated", { id: "re_s7", status: "succeeded" });
    const late = refundEvent("refund.created", { id: "re_s7", status: "pending" });
    expect((await f.post(path, done, { "stripe-signature": sign(done) })).body.changed).toBe(1);
    const res = await f.post(path, late, { "stripe-signature": sign(late) });
    expect(res.body).toMatchObject({ matched: 1, changed: 0 });
    expect((await f.refund("s7"))?.state).toBe("succeeded");
    const events = await f.t.server.services.store.settlement.listEvents(f.projectId, "s7");
    expect(events.at(-1)).toMatchObject({ source: "webhook", state: "pending", data: { effect: "ignored" } });
  });

  it("settles an unknown refund found by our key in metadata, filling its refund id", async () => {
    await seedPending("s8", null);
    const body = refundEvent("refund.updated", { id: "re_s8_real", status: "succeeded", key: "s8" });
    expect((await f.post(path, body, { "stripe-signature": sign(body) })).body).toMatchObject({ matched: 1, changed: 1 });
    expect(await f.refund("s8")).toMatchObject({ state: "succeeded", refund_id: "re_s8_real", error_code: null });
  });

  it("settles from charge.refunded when the charge carries its refunds", async () => {
    await seedPending("s9");
    const body = JSON.stringify({
      id: "evt_charge_1", type: "charge.refunded",
      data: { object: { id: "ch_s9", object: "charge", refunded: true, refunds: { data: [{ id: "re_s9", status: "succeeded", amount: 1000, currency: "usd" }] } } },
    });
    expect((await f.post(path, body, { "stripe-signature": sign(body) })).body).toMatchObject({ matched: 1, changed: 1 });
    const events = await f.t.server.services.store.settlement.listEvents(f.projectId, "s9");
    expect(events.at(-1)?.data.payment_state).toBe("refunded");
  });

  it("acknowledges events about other things without touching any refund", async () => {
    const body = JSON.stringify({ id: "evt_pi_1", type: "payment_intent.succeeded", data: { object: { id: "pi_1" } } });
    expect((await f.post(path, body, { "stripe-signature": sign(body) })).body).toMatchObject({ received: true, matched: 0 });
  });

  it("closes the connection of a delivery answered while the server shuts down (last: it aborts the shutdown signal)", async () => {
    const body = JSON.stringify({ id: "evt_closing_1", type: "payment_intent.succeeded", data: { object: { id: "pi_1" } } });
    const before = await fetch(`${f.t.url}${path}`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": sign(body) }, body });
    expect(before.headers.get("connection")).not.toBe("close");
    f.t.server.services.shutdown.abort();
    const body2 = body.replace("evt_closing_1", "evt_closing_2");
    const during = await fetch(`${f.t.url}${path}`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": sign(body2) }, body: body2 });
    expect(during.status).toBe(200);
    expect(during.headers.get("connection")).toBe("close");
  });
});
