import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nowS, startWebhookFixture, type WebhookFixture } from "./webhook-fixture.js";

/**
 * Settlement bugs found by the reliability suite (packages/cli/test/reliability), pinned here
 * without processes or faults.
 */
const TOKEN = "asaas-superseded-token";
const STRIPE_SECRET = "whsec_superseded_1";
let f: WebhookFixture;
let asaas: string;
let stripe: string;

beforeAll(async () => {
  f = await startWebhookFixture();
  asaas = await f.connect("asaas", { secret: TOKEN });
  stripe = await f.connect("stripe", { secret: STRIPE_SECRET });
});
afterAll(async () => f.close());

let seq = 0;
function asaasEvent(type: string, paymentId: string, refunds: { status: string; key: string; id?: string }[]): string {
  return JSON.stringify({
    id: `evt_superseded_${++seq}`, event: type, dateCreated: "2026-11-27 10:00:00",
    payment: { id: paymentId, status: "RECEIVED", value: 10, refunds: refunds.map((r) => ({ dateCreated: "2026-11-27 10:00:00", status: r.status, value: 10, description: `x [codespar:${r.key}]`, ...(r.id ? { id: r.id } : {}) })) },
  });
}

const postAsaas = (body: string) => f.post(`/v1/webhooks/asaas/${asaas}`, body, { "asaas-access-token": TOKEN });

// One idempotency key, two refunds at the provider: the first attempt was taken and then cancelled
// by the provider, the retry made the refund the row records. Seen: an Asaas row left "failed"
// while its refund was DONE, never billed. What the provider says of the first must not settle the row.
describe("a refund the provider cancelled, superseded by a retry under the same key", () => {
  it("Asaas, refunds with ids: the cancelled first attempt listed beside ours changes nothing; ours settles the row", async () => {
    await f.seedRefund({ server: "asaas", connectionId: asaas, key: "k1", paymentId: "pay_k1", state: "pending", refundId: "ref_second" });
    const both = await postAsaas(asaasEvent("PAYMENT_REFUND_IN_PROGRESS", "pay_k1", [{ status: "CANCELLED", key: "k1", id: "ref_first" }, { status: "PENDING", key: "k1", id: "ref_second" }]));
    expect(both.body).toMatchObject({ matched: 1, changed: 0 });
    expect((await f.refund("k1"))?.state).toBe("pending");
    // The first attempt's own cancellation, delivered late and alone.
    await postAsaas(asaasEvent("PAYMENT_REFUND_DENIED", "pay_k1", [{ status: "CANCELLED", key: "k1", id: "ref_first" }]));
    expect((await f.refund("k1"))?.state).toBe("pending");
    await postAsaas(asaasEvent("PAYMENT_REFUNDED", "pay_k1", [{ status: "CANCELLED", key: "k1", id: "ref_first" }, { status: "DONE", key: "k1", id: "ref_second" }]));
    expect(await f.refund("k1")).toMatchObject({ state: "succeeded", refund_id: "ref_second" });
  });

  it("Asaas, refunds without ids (both named by our tag): the live one decides", async () => {
    const id = "pay_k2:codespar:k2";
    await f.seedRefund({ server: "asaas", connectionId: asaas, key: "k2", paymentId: "pay_k2", state: "pending", refundId: id });
    await postAsaas(asaasEvent("PAYMENT_REFUND_IN_PROGRESS", "pay_k2", [{ status: "CANCELLED", key: "k2" }, { status: "PENDING", key: "k2" }]));
    expect((await f.refund("k2"))?.state).toBe("pending");
    await postAsaas(asaasEvent("PAYMENT_REFUNDED", "pay_k2", [{ status: "CANCELLED", key: "k2" }, { status: "DONE", key: "k2" }]));
    expect((await f.refund("k2"))?.state).toBe("succeeded");
  });

  it("Stripe: refund.failed for the first attempt (our key in its metadata) leaves the row on its own refund", async () => {
    await f.seedRefund({ server: "stripe", connectionId: stripe, key: "k3", paymentId: "pi_k3", state: "pending", refundId: "re_second" });
    const body = JSON.stringify({ id: `evt_superseded_${++seq}`, object: "event", type: "refund.failed", data: { object: { id: "re_first", object: "refund", amount: 1000, currency: "usd", status: "failed", payment_intent: "pi_k3", metadata: { codespar_idempotency_key: "k3" } } } });
    const t = nowS();
    const res = await f.post(`/v1/webhooks/stripe/${stripe}`, body, { "stripe-signature": `t=${t},v1=${createHmac("sha256", STRIPE_SECRET).update(`${t}.${body}`).digest("hex")}` });
    expect(res.status).toBe(200);
    expect((await f.refund("k3"))?.state).toBe("pending");
  });

  it("an event parked while the call was in flight is not applied to a different refund the call ended with", async () => {
    await f.seedRefund({ server: "asaas", connectionId: asaas, key: "k4", paymentId: "pay_k4", state: "in_flight", refundId: null });
    await postAsaas(asaasEvent("PAYMENT_REFUND_DENIED", "pay_k4", [{ status: "CANCELLED", key: "k4", id: "ref_first" }]));
    expect((await f.refund("k4"))?.state).toBe("in_flight");
    // The call retried, made ref_second, and wrote its outcome: pending.
    const { store, events } = f.t.server.services;
    await store.refundAttempts.update(f.projectId, "k4", { state: "pending", refund_id: "ref_second", refunded_amount: 1000, currency: "BRL" });
    const record = (await store.refundAttempts.get(f.projectId, "k4"))!;
    await events.emit("refund.state", { record, previousState: "in_flight", source: "call" });
    expect((await f.refund("k4"))?.state).toBe("pending");
  });
});

// The server died between moving a row to succeeded and announcing it: nothing announces a row
// that has already moved (the poller stops looking, a redelivered webhook finds no change), so
// the refund was never billed. The row now stays unannounced until every listener has run, and
// the next start announces it (the announcement outbox).
describe("a success settled just before the server dies", () => {
  it("is billed even when the process dies right after the row moves", async () => {
    await f.seedRefund({ server: "asaas", connectionId: asaas, key: "k5", paymentId: "pay_k5", state: "pending", refundId: "ref_k5" });
    const { store } = f.t.server.services;
    const settlement = store.settlement;
    const real = settlement.transitionRefund.bind(settlement);
    // Stands in for SIGKILL: the row's write is committed, and nothing after it runs.
    settlement.transitionRefund = async (...args) => {
      await real(...args);
      throw new Error("killed");
    };
    const body = asaasEvent("PAYMENT_REFUNDED", "pay_k5", [{ status: "DONE", key: "k5", id: "ref_k5" }]);
    try {
      expect((await postAsaas(body)).status).toBe(500);
    } finally {
      settlement.transitionRefund = real;
    }
    expect((await f.refund("k5"))?.state).toBe("succeeded");
    // What the next start does before it takes requests.
    // (Rows the earlier cases seeded straight into the store are announced too.)
    expect(await f.t.server.services.announcements.run()).toBeGreaterThanOrEqual(1);
    const billed = await store.usage.get(f.projectId, "k5");
    expect(billed).toMatchObject({ amount: 1000, currency: "BRL", server: "asaas" });
    // The provider delivers again (no 2xx came back): nothing changes, nothing is billed twice.
    expect((await postAsaas(body)).body).toMatchObject({ received: true, changed: 0 });
    expect((await store.usage.get(f.projectId, "k5"))?.id).toBe(billed?.id);
  });
});
