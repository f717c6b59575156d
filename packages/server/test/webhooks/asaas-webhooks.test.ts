import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookFixture, type WebhookFixture } from "./webhook-fixture.js";

const TOKEN = "asaas-webhook-token-123";
let f: WebhookFixture;
let conn: string;
let path: string;

beforeAll(async () => {
  f = await startWebhookFixture();
  conn = await f.connect("asaas", { secret: TOKEN });
  path = `/v1/webhooks/asaas/${conn}`;
});
afterAll(async () => f.close());

let seq = 0;
function event(type: string, paymentId: string, refunds: { status: string; key?: string; id?: string }[] | null, status = "RECEIVED", eventId = `evt_asaas_${++seq}`): string {
  return JSON.stringify({
    id: eventId, event: type, dateCreated: "2026-11-27 10:00:00",
    payment: {
      id: paymentId, status, value: 10,
      refunds: refunds && refunds.map((r) => ({ dateCreated: "2026-11-27 10:00:00", status: r.status, value: 10, description: r.key ? `customer asked [codespar:${r.key}]` : "made in the dashboard", ...(r.id ? { id: r.id } : {}) })),
    },
  });
}

async function seedPending(key: string) {
  await f.seedRefund({ server: "asaas", connectionId: conn, key, paymentId: `pay_${key}`, state: "pending", refundId: `pay_${key}:codespar:${key}` });
}

describe("Asaas webhooks: asaas-access-token", () => {
  it("accepts the configured token and settles our refund, found by its description tag", async () => {
    await seedPending("a1");
    const res = await f.post(path, event("PAYMENT_REFUNDED", "pay_a1", [{ status: "DONE", key: "a1" }], "REFUNDED"), { "asaas-access-token": TOKEN });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: true, duplicate: false, matched: 1, changed: 1 });
    expect((await f.refund("a1"))?.state).toBe("succeeded");
    expect(f.stateEvents).toContainEqual({ key: "a1", state: "succeeded", previous: "pending", source: "webhook" });
  });

  it("refuses a wrong token with 401 and changes nothing", async () => {
    await seedPending("a2");
    const res = await f.post(path, event("PAYMENT_REFUNDED", "pay_a2", [{ status: "DONE", key: "a2" }]), { "asaas-access-token": "guess" });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("webhook_signature_invalid");
    expect((await f.refund("a2"))?.state).toBe("pending");
  });

  it("refuses a missing token", async () => {
    const res = await f.post(path, event("PAYMENT_REFUNDED", "pay_x", []), {});
    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain("asaas-access-token");
  });

  it("has no timestamp to go stale: a replay is caught by its event id and answered as a duplicate", async () => {
    await seedPending("a3");
    const body = event("PAYMENT_REFUND_DENIED", "pay_a3", [{ status: "CANCELLED", key: "a3" }], "RECEIVED", "evt_asaas_dup");
    expect((await f.post(path, body, { "asaas-access-token": TOKEN })).body).toMatchObject({ duplicate: false, changed: 1 });
    const again = await f.post(path, body, { "asaas-access-token": TOKEN });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ received: true, duplicate: true });
    expect(await f.refund("a3")).toMatchObject({ state: "failed", error_code: "refund_failed" });
  });

  it("token-authenticated but not an Asaas event: 400 webhook_payload_invalid", async () => {
    const res = await f.post(path, JSON.stringify({ id: "evt_1", event: "PAYMENT_REFUNDED" }), { "asaas-access-token": TOKEN });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("webhook_payload_invalid");
  });

  it("answers 404 for an unknown connection", async () => {
    const res = await f.post("/v1/webhooks/asaas/conn_nope", event("PAYMENT_REFUNDED", "pay_x", []), { "asaas-access-token": TOKEN });
    expect(res.status).toBe(404);
  });

  it("a tampered body still carries the right token: Asaas signs nothing, so only the token and event id protect it", async () => {
    // Documented limit of Asaas's scheme; settlement only ever moves rows forward, so a forged-with-token
    // body cannot undo a settled refund.
    await seedPending("a4");
    await f.post(path, event("PAYMENT_REFUNDED", "pay_a4", [{ status: "DONE", key: "a4" }]), { "asaas-access-token": TOKEN });
    const res = await f.post(path, event("PAYMENT_REFUND_IN_PROGRESS", "pay_a4", [{ status: "PENDING", key: "a4" }]), { "asaas-access-token": TOKEN });
    expect(res.body).toMatchObject({ matched: 1, changed: 0 });
    expect((await f.refund("a4"))?.state).toBe("succeeded");
  });

  it("ignores refunds that are not ours and event types about other things", async () => {
    const res = await f.post(path, event("PAYMENT_REFUNDED", "pay_other", [{ status: "DONE" }]), { "asaas-access-token": TOKEN });
    expect(res.body).toMatchObject({ received: true, matched: 0, changed: 0 });
    const other = await f.post(path, event("PAYMENT_RECEIVED", "pay_other", null), { "asaas-access-token": TOKEN });
    expect(other.body).toMatchObject({ received: true, matched: 0 });
  });
});
