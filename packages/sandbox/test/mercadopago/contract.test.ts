import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MercadoPagoError } from "mercadopago";
import { startMercadoPagoEmulator, type EmulatorHandle } from "../../src/index.js";
import { mercadoPago } from "../support/clients.js";
import { raw } from "../support/http.js";

let h: EmulatorHandle;

beforeAll(async () => {
  h = await startMercadoPagoEmulator();
});
afterAll(() => h.close());

async function approved(amount: number, currency_id = "BRL") {
  return mercadoPago(h).payment.create({
    body: { transaction_amount: amount, currency_id, payment_method_id: "pix", payer: { email: "buyer@example.com" }, description: "test" } as never,
  });
}

async function mpError(p: Promise<unknown>): Promise<MercadoPagoError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MercadoPagoError);
  return err as MercadoPagoError;
}

/** The SDK types causes as {}; the wire carries { code, description }. */
function firstCause(err: MercadoPagoError): number | undefined {
  return (err.causes as { code?: number }[])[0]?.code;
}

describe("mercadopago emulator, driven by the official SDK", () => {
  it("creates an approved, accredited payment with a numeric id", async () => {
    const p = await approved(100);
    expect(typeof p.id).toBe("number");
    expect(p.status).toBe("approved");
    expect(p.status_detail).toBe("accredited");
    expect(p.transaction_amount).toBe(100);
    expect(p.api_response.status).toBe(201);
    const fetched = await mercadoPago(h).payment.get({ id: p.id as number });
    expect(fetched).toMatchObject({ id: p.id, currency_id: "BRL", transaction_amount_refunded: 0, refunds: [] });
  });

  it("moves status_detail to partially_refunded after a partial refund, then status to refunded", async () => {
    const p = await approved(50);
    const partial = await mercadoPago(h).refund.create({ payment_id: p.id as number, body: { amount: 19.99 } });
    expect(partial.api_response.status).toBe(201);
    expect(partial).toMatchObject({ payment_id: p.id, amount: 19.99, status: "approved", refund_mode: "standard", unique_sequence_number: null });
    expect(typeof partial.id).toBe("number");
    let now = await mercadoPago(h).payment.get({ id: p.id as number });
    expect(now).toMatchObject({ status: "approved", status_detail: "partially_refunded", transaction_amount_refunded: 19.99 });

    const rest = await mercadoPago(h).refund.create({ payment_id: p.id as number });
    expect(rest.amount).toBe(30.01);
    now = await mercadoPago(h).payment.get({ id: p.id as number });
    expect(now).toMatchObject({ status: "refunded", transaction_amount_refunded: 50 });
    expect(now.refunds?.map((r) => r.amount)).toEqual([19.99, 30.01]);
    expect(h.refunds().filter((r) => r.payment_id === String(p.id)).map((r) => r.amount)).toEqual([1999, 3001]);
  });

  it("lists a payment's refunds and fetches one by id", async () => {
    const p = await approved(30, "MXN");
    const made = await mercadoPago(h).refund.create({ payment_id: p.id as number, body: { amount: 5 } });
    const list = (await mercadoPago(h).refund.list({ payment_id: p.id as number })) as unknown as { id: number }[];
    expect(Array.isArray(list)).toBe(true);
    expect(list.map((r) => r.id)).toEqual([made.id]);
    const one = await mercadoPago(h).refund.get({ payment_id: p.id as number, refund_id: made.id as number });
    expect(one.amount).toBe(5);
    const missing = await mpError(mercadoPago(h).refund.get({ payment_id: p.id as number, refund_id: 1 }));
    expect(missing.status).toBe(404);
  });

  it("replays the same refund for the same X-Idempotency-Key", async () => {
    const p = await approved(40);
    const first = await mercadoPago(h, { idempotencyKey: "mp-key-1" }).refund.create({ payment_id: p.id as number, body: { amount: 10 } });
    const second = await mercadoPago(h, { idempotencyKey: "mp-key-1" }).refund.create({ payment_id: p.id as number, body: { amount: 10 } });
    expect(second.id).toBe(first.id);
    expect(h.refunds().filter((r) => r.payment_id === String(p.id))).toHaveLength(1);
    expect(h.refunds().find((r) => r.payment_id === String(p.id))?.idempotency_key).toBe("mp-key-1");
  });

  it("requires X-Idempotency-Key on refunds: 400 with cause 4292", async () => {
    const p = await approved(10);
    const res = await raw(`${h.url}/v1/payments/${p.id}/refunds`, { method: "POST", headers: { Authorization: `Bearer ${h.key}` }, body: {} });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: "bad_request", status: 400 });
    expect(res.body.cause[0].code).toBe(4292);
    expect(h.refunds().filter((r) => r.payment_id === String(p.id))).toHaveLength(0);
  });

  it("refuses a refund of a fully refunded payment with cause 2063", async () => {
    const p = await approved(10);
    await mercadoPago(h).refund.create({ payment_id: p.id as number });
    const err = await mpError(mercadoPago(h).refund.create({ payment_id: p.id as number, body: { amount: 1 } }));
    expect(err.status).toBe(400);
    expect(firstCause(err)).toBe(2063);
  });

  it("refuses a non-positive amount with cause 4040", async () => {
    const p = await approved(10);
    const err = await mpError(mercadoPago(h).refund.create({ payment_id: p.id as number, body: { amount: 0 } }));
    expect(firstCause(err)).toBe(4040);
  });

  it("refuses an over-refund with a 400 bad_request (cause 2085 by default)", async () => {
    const p = await approved(10);
    const err = await mpError(mercadoPago(h).refund.create({ payment_id: p.id as number, body: { amount: 10.01 } }));
    expect(err.status).toBe(400);
    expect(err.error).toBe("bad_request");
    expect(firstCause(err)).toBe(2085);
  });

  it("lets a test choose the undocumented over-refund cause", async () => {
    const custom = await startMercadoPagoEmulator({ overRefundCause: { code: 9999, description: "too much" } });
    try {
      const { payment_id } = await custom.createPayment(100);
      const err = await mpError(mercadoPago(custom).refund.create({ payment_id, body: { amount: 2 } }));
      expect(err.causes).toEqual([{ code: 9999, description: "too much" }]);
    } finally {
      await custom.close();
    }
  });

  it("answers an unknown payment with 404 and cause 2000", async () => {
    const err = await mpError(mercadoPago(h).refund.create({ payment_id: 123, body: { amount: 1 } }));
    expect(err.status).toBe(404);
    expect(err.error).toBe("not_found");
    expect(err.causes[0]).toEqual({ code: 2000, description: "Payment not found" });
    const get = await mpError(mercadoPago(h).payment.get({ id: 123 }));
    expect(get.status).toBe(404);
  });

  it("answers a bad token with MP's exact 401 body", async () => {
    const res = await raw(`${h.url}/v1/payments/1`, { headers: { Authorization: "Bearer TEST-nope" } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: "invalid access token", error: "unauthorized", status: 401, cause: [] });
    const err = await mpError(mercadoPago(h, {}, "TEST-wrong").payment.get({ id: 1 }));
    expect(err.status).toBe(401);
  });

  it("validates payment creation with MP causes", async () => {
    const noAmount = await mpError(mercadoPago(h).payment.create({ body: { payment_method_id: "pix", payer: { email: "a@b.co" } } as never }));
    expect(firstCause(noAmount)).toBe(4002);
    const noMethod = await mpError(mercadoPago(h).payment.create({ body: { transaction_amount: 10, payer: { email: "a@b.co" } } as never }));
    expect(firstCause(noMethod)).toBe(4001);
  });

  it("replays payment creation for the same X-Idempotency-Key", async () => {
    const body = { transaction_amount: 12.5, payment_method_id: "visa", payer: { email: "a@b.co" } } as never;
    const a = await mercadoPago(h, { idempotencyKey: "pay-key-1" }).payment.create({ body });
    const b = await mercadoPago(h, { idempotencyKey: "pay-key-1" }).payment.create({ body });
    expect(b.id).toBe(a.id);
    expect(a.payment_type_id).toBe("credit_card");
  });

  it("issues keys in MP's TEST- token form", () => {
    expect(h.key).toMatch(/^TEST-\d{16}-\d{6}-[0-9a-f]{32}-\d{9}$/);
  });
});
