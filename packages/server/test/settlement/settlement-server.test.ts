import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mpPayment, nowS, startFakeMercadoPago, startWebhookFixture, type WebhookFixture } from "../webhooks/webhook-fixture.js";

const SECRET = "whsec_settlement";
let f: WebhookFixture;
let mp: Awaited<ReturnType<typeof startFakeMercadoPago>>;
let stripeConn: string;
let mpConn: string;

beforeAll(async () => {
  f = await startWebhookFixture();
  mp = await startFakeMercadoPago();
  stripeConn = await f.connect("stripe", { secret: SECRET });
  mpConn = await f.connect("mercadopago", { secret: "mp", baseUrl: mp.url });
});
afterAll(async () => {
  await f.close();
  await mp.close();
});

const services = () => f.t.server.services;

async function toolCall(id: string, key: string | null, opts: { action?: string; status?: "running" | "success" | "error"; output?: unknown; project?: string } = {}) {
  const now = new Date().toISOString();
  await services().store.toolCalls.insert({
    id, project_id: opts.project ?? f.projectId, session_id: null, batch_item_id: null, tool: "codespar_pay", action: opts.action ?? "refund", server: "stripe",
    input: {}, output: opts.output ?? null, metadata: {}, status: opts.status ?? "success", error_code: null, error_message: null, idempotency_key: key,
    duration_ms: 1, created_at: now, completed_at: opts.status === "running" ? null : now,
  });
}

const status = async (id: string, key?: string | null) => (await f.t.api("GET", `/v1/tool-calls/${id}/payment-status`, key === undefined ? {} : { key })).body;

function stripeDelivery(body: string) {
  const t = nowS();
  return f.post(`/v1/webhooks/stripe/${stripeConn}`, body, { "stripe-signature": `t=${t},v1=${createHmac("sha256", SECRET).update(`${t}.${body}`).digest("hex")}` });
}

describe("payment-status", () => {
  it("follows the refund row: pending, then succeeded for a partial refund, refunded for a full one", async () => {
    await f.seedRefund({ server: "stripe", connectionId: stripeConn, key: "ps-partial", paymentId: "pi_p", state: "pending", refundId: "re_p", amount: 500 });
    await f.seedRefund({ server: "stripe", connectionId: stripeConn, key: "ps-full", paymentId: "pi_f", state: "succeeded", refundId: "re_f", amount: null });
    await toolCall("tc_partial", "ps-partial");
    await toolCall("tc_full", "ps-full");
    expect(await status("tc_partial")).toMatchObject({ tool_call_id: "tc_partial", payment_status: "pending", status: "pending", idempotency_key: "ps-partial", refund_id: "re_p", final: false });
    await services().store.refundAttempts.update(f.projectId, "ps-partial", { state: "succeeded" });
    expect((await status("tc_partial")).payment_status).toBe("succeeded");
    expect(await status("tc_full")).toMatchObject({ payment_status: "refunded", final: true });
  });

  it("says failed, unknown, and pending while the call still runs", async () => {
    await f.seedRefund({ server: "stripe", connectionId: stripeConn, key: "ps-failed", paymentId: "pi_x", state: "failed", refundId: "re_x" });
    await f.seedRefund({ server: "stripe", connectionId: stripeConn, key: "ps-unknown", paymentId: "pi_y", state: "unknown", refundId: null });
    await toolCall("tc_failed", "ps-failed");
    await toolCall("tc_unknown", "ps-unknown");
    await toolCall("tc_running", null, { status: "running" });
    expect((await status("tc_failed")).payment_status).toBe("failed");
    expect(await status("tc_unknown")).toMatchObject({ payment_status: "unknown", final: false });
    expect(await status("tc_running")).toMatchObject({ payment_status: "pending", idempotency_key: null, final: false });
  });

  it("a call that moved no money is unknown with no key; a payment it created is reported from the call", async () => {
    await toolCall("tc_status", null, { action: "status" });
    expect(await status("tc_status")).toMatchObject({ payment_status: "unknown", idempotency_key: null, events: [], final: true });
    await toolCall("tc_pay", "csp_pay", { action: "pay", output: { payment_id: "pi_new", status: "paid", amount: 100, currency: "USD" } });
    expect(await status("tc_pay")).toMatchObject({ payment_status: "succeeded", idempotency_key: "csp_pay", payment_id: "pi_new", events: [{ source: "call", type: "payment.create" }] });
  });

  it("answers 404 for another project's tool call and for none", async () => {
    await toolCall("tc_mine", null, { action: "status" });
    const other = await f.t.api("GET", "/v1/tool-calls/tc_mine/payment-status", { key: f.t.keyB });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe("not_found");
    expect((await f.t.api("GET", "/v1/tool-calls/tc_none/payment-status")).status).toBe(404);
    expect((await f.t.api("GET", "/v1/tool-calls/tc_mine/payment-status", { key: null })).status).toBe(401);
  });
});

describe("a webhook that beats the call's answer", () => {
  it("is kept while the call is in flight and applied once the call writes pending", async () => {
    await f.seedRefund({ server: "stripe", connectionId: stripeConn, key: "race-1", paymentId: "pi_race", state: "in_flight", refundId: null });
    const body = JSON.stringify({ id: "evt_race_1", type: "refund.updated", data: { object: { id: "re_race", object: "refund", status: "succeeded", amount: 1000, currency: "usd", metadata: { codespar_idempotency_key: "race-1" } } } });
    expect((await stripeDelivery(body)).body).toMatchObject({ matched: 1, changed: 0 });
    expect((await f.refund("race-1"))?.state).toBe("in_flight");

    // The call answers late, with the provider's first word (pending), as RefundService does.
    await services().store.refundAttempts.update(f.projectId, "race-1", { state: "pending", refund_id: "re_race" });
    const row = (await services().store.refundAttempts.get(f.projectId, "race-1"))!;
    await services().events.emit("refund.state", { record: row, previousState: "in_flight", source: "call" });

    expect((await f.refund("race-1"))?.state).toBe("succeeded");
    expect(f.stateEvents).toContainEqual({ key: "race-1", state: "succeeded", previous: "pending", source: "webhook" });
    const events = await services().store.settlement.listEvents(f.projectId, "race-1");
    expect(events.map((e) => `${e.source}:${e.state}`)).toEqual(["webhook:succeeded", "call:pending"]);
  });
});

describe("the poller", () => {
  it("reads back a pending refund until it settles, with back-off, and emits refund.state from the poller", async () => {
    await f.seedRefund({ server: "mercadopago", connectionId: mpConn, key: "poll-1", paymentId: "5001", state: "pending", refundId: "8001" });
    mp.payments.set("5001", mpPayment("5001", [{ id: 8001, amount: 10, status: "in_process" }]));
    const poller = services().settlementPoller;
    expect(await poller.tick()).toBeGreaterThanOrEqual(1);
    expect((await f.refund("poll-1"))?.state).toBe("pending");
    // Not due again yet: the next check waits base × 2^checks.
    const reads = mp.reads.filter((r) => r === "5001").length;
    await poller.tick();
    expect(mp.reads.filter((r) => r === "5001").length).toBe(reads);

    mp.payments.set("5001", mpPayment("5001", [{ id: 8001, amount: 10, status: "approved" }], "refunded"));
    await poller.tick(new Date(Date.now() + 10_000));
    expect((await f.refund("poll-1"))?.state).toBe("succeeded");
    expect(f.stateEvents).toContainEqual({ key: "poll-1", state: "succeeded", previous: "pending", source: "poller" });
    const events = await services().store.settlement.listEvents(f.projectId, "poll-1");
    expect(events.map((e) => `${e.source}:${e.state}`)).toEqual(["poller:succeeded"]);
    expect(events[0]?.data.payment_state).toBe("refunded");
  });

  it("leaves an unknown refund the provider does not show as unknown after a few checks, and never sends", async () => {
    await f.seedRefund({ server: "mercadopago", connectionId: mpConn, key: "poll-2", paymentId: "5002", state: "unknown", refundId: null });
    mp.payments.set("5002", mpPayment("5002", []));
    let at = Date.now();
    for (let i = 0; i < 10; i++) {
      at += 400_000;
      await services().settlementPoller.tick(new Date(at));
    }
    expect(mp.reads.filter((r) => r === "5002").length).toBe(6);
    expect((await f.refund("poll-2"))?.state).toBe("unknown");
    const events = await services().store.settlement.listEvents(f.projectId, "poll-2");
    expect(events.map((e) => e.type)).toEqual(["refund.poll_gave_up"]);
  });
});
