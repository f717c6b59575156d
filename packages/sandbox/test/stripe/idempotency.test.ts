import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startStripeEmulator, type EmulatorHandle } from "../../src/index.js";
import { stripeClient } from "../support/clients.js";
import { form, raw } from "../support/http.js";

let h: EmulatorHandle;
let stripe: Stripe;

beforeAll(async () => {
  h = await startStripeEmulator();
  stripe = stripeClient(h);
});
afterAll(() => h.close());
beforeEach(() => h.setFaults({}));

function refundRequest(key: string, params: Record<string, string | number>, timeoutMs?: number) {
  return raw(`${h.url}/v1/refunds`, {
    method: "POST",
    ...(timeoutMs ? { timeoutMs } : {}),
    headers: { Authorization: `Bearer ${h.key}`, "Content-Type": "application/x-www-form-urlencoded", "Idempotency-Key": key },
    body: form(params),
  });
}

describe("stripe Idempotency-Key", () => {
  it("replays the first answer with Idempotent-Replayed: true and refunds only once", async () => {
    const { payment_id } = await h.createPayment(4000);
    const first = await stripe.refunds.create({ payment_intent: payment_id, amount: 1000 }, { idempotencyKey: "replay-1" });
    const second = await stripe.refunds.create({ payment_intent: payment_id, amount: 1000 }, { idempotencyKey: "replay-1" });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect(h.refunds().filter((r) => r.payment_id === payment_id)).toHaveLength(1);
    expect(h.refunds().find((r) => r.refund_id === first.id)?.idempotency_key).toBe("replay-1");
  });

  it("refuses the same key with different parameters with a 400 idempotency_error", async () => {
    const { payment_id } = await h.createPayment(4000);
    await stripe.refunds.create({ payment_intent: payment_id, amount: 1000 }, { idempotencyKey: "mismatch-1" });
    const err = await stripe.refunds.create({ payment_intent: payment_id, amount: 2000 }, { idempotencyKey: "mismatch-1" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect((err as Stripe.errors.StripeError).statusCode).toBe(400);
    expect((err as Stripe.errors.StripeError).rawType).toBe("idempotency_error");
    expect(h.refunds().filter((r) => r.payment_id === payment_id)).toHaveLength(1);
  });

  it("treats the same parameters in another order as the same request", async () => {
    const { payment_id } = await h.createPayment(4000);
    const a = await refundRequest("order-1", { payment_intent: payment_id, amount: 300, "metadata[a]": "1", "metadata[b]": "2" });
    const b = await refundRequest("order-1", { "metadata[b]": "2", amount: 300, "metadata[a]": "1", payment_intent: payment_id });
    expect(b.status).toBe(200);
    expect(b.body.id).toBe(a.body.id);
    expect(b.headers["idempotent-replayed"]).toBe("true");
  });

  it("answers a concurrent request with the same key with 409 idempotency_key_in_use", async () => {
    const { payment_id } = await h.createPayment(4000);
    h.setFaults({ latencyMs: 600 });
    const first = refundRequest("concurrent-1", { payment_intent: payment_id, amount: 500 });
    await new Promise((r) => setTimeout(r, 150));
    const second = await refundRequest("concurrent-1", { payment_intent: payment_id, amount: 500 });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ type: "idempotency_error", code: "idempotency_key_in_use" });
    expect((await first).status).toBe(200);
    expect(h.refunds().filter((r) => r.payment_id === payment_id)).toHaveLength(1);
  });

  it("stores a 5xx as the key's answer and replays it", async () => {
    const { payment_id } = await h.createPayment(4000);
    h.setFaults({ errorRate: 1 });
    const failed = await refundRequest("five-hundred-1", { payment_intent: payment_id, amount: 500 });
    expect(failed.status).toBe(500);
    expect(failed.body.error.type).toBe("api_error");
    h.setFaults({});
    const replay = await refundRequest("five-hundred-1", { payment_intent: payment_id, amount: 500 });
    expect(replay.status).toBe(500);
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect(h.refunds().filter((r) => r.payment_id === payment_id)).toHaveLength(0);
    const fresh = await refundRequest("five-hundred-2", { payment_intent: payment_id, amount: 500 });
    expect(fresh.status).toBe(200);
  });

  it("does not remember parameter validation errors, so a corrected request with the key goes through", async () => {
    const { payment_id } = await h.createPayment(4000);
    const bad = await refundRequest("validation-1", { payment_intent: payment_id, amount: "ten" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("parameter_invalid_integer");
    const good = await refundRequest("validation-1", { payment_intent: payment_id, amount: 10 });
    expect(good.status).toBe(200);
  });

  it("after a hang that applied the refund, the same key replays the refund instead of repeating it", async () => {
    const { payment_id } = await h.createPayment(4000);
    h.setFaults({ failAfterApplyRate: 1, failAfterApplyMode: "hang" });
    await expect(refundRequest("hang-1", { payment_intent: payment_id, amount: 700 }, 200)).rejects.toThrow("client timeout");
    h.setFaults({});
    const replay = await refundRequest("hang-1", { payment_intent: payment_id, amount: 700 });
    expect(replay.status).toBe(200);
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect(h.refunds().filter((r) => r.payment_id === payment_id)).toHaveLength(1);
  });
});
