import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAsaasEmulator, type EmulatorHandle } from "../../src/index.js";
import { asaasHeaders } from "../support/clients.js";
import { raw, type RawOptions } from "../support/http.js";

let h: EmulatorHandle;
let customerId: string;

/** Asaas has no official Node SDK; this is the wire a client speaks: JSON under /v3. */
function asaas(path: string, o: RawOptions = {}) {
  return raw(`${h.url}/v3${path}`, { ...o, headers: { ...asaasHeaders(h), ...o.headers } });
}

function today(): string {
  return new Date(Date.now() - 3 * 3_600_000).toISOString().slice(0, 10);
}

async function receivedPix(value: number): Promise<string> {
  const created = await asaas("/payments", { method: "POST", body: { customer: customerId, billingType: "PIX", value, dueDate: today() } });
  expect(created.status).toBe(200);
  const paid = await asaas(`/sandbox/payment/${created.body.id}/confirm`, { method: "POST" });
  expect(paid.body.status).toBe("RECEIVED");
  return created.body.id as string;
}

beforeAll(async () => {
  h = await startAsaasEmulator();
  const customer = await asaas("/customers", { method: "POST", body: { name: "Maria Silva", cpfCnpj: "24971563792", email: "maria@example.com" } });
  customerId = customer.body.id;
});
afterAll(() => h.close());

describe("asaas emulator, driven over its JSON wire", () => {
  it("creates a customer and a pending pix payment with netValue below value", async () => {
    expect(customerId).toMatch(/^cus_/);
    const res = await asaas("/payments", { method: "POST", body: { customer: customerId, billingType: "PIX", value: 100, dueDate: today(), description: "Pedido 1" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: "payment", status: "PENDING", value: 100, billingType: "PIX", refunds: null, customer: customerId });
    expect(res.body.id).toMatch(/^pay_/);
    expect(res.body.netValue).toBeLessThan(100);
  });

  it("validates payment creation with Asaas's errors envelope", async () => {
    const noValue = await asaas("/payments", { method: "POST", body: { customer: customerId, billingType: "PIX", dueDate: today() } });
    expect(noValue.status).toBe(400);
    expect(noValue.body.errors[0].code).toBe("invalid_value");
    const badCustomer = await asaas("/payments", { method: "POST", body: { customer: "cus_nope", billingType: "PIX", value: 10, dueDate: today() } });
    expect(badCustomer.body.errors[0].code).toBe("invalid_customer");
    const past = await asaas("/payments", { method: "POST", body: { customer: customerId, billingType: "PIX", value: 10, dueDate: "2020-01-01" } });
    expect(past.body.errors[0].code).toBe("invalid_dueDate");
  });

  it("marks a payment received in cash as RECEIVED_IN_CASH", async () => {
    const created = await asaas("/payments", { method: "POST", body: { customer: customerId, billingType: "BOLETO", value: 50, dueDate: today() } });
    const cash = await asaas(`/payments/${created.body.id}/receiveInCash`, { method: "POST", body: { paymentDate: today(), value: 50 } });
    expect(cash.status).toBe(200);
    expect(cash.body.status).toBe("RECEIVED_IN_CASH");
  });

  it("keeps RECEIVED after a partial refund and lists it in refunds[]", async () => {
    const id = await receivedPix(100);
    const res = await asaas(`/payments/${id}/refund`, { method: "POST", body: { value: 19.99, description: "parcial" } });
    expect(res.status).toBe(200);
    expect(res.body.object).toBe("payment");
    expect(res.body.status).toBe("RECEIVED");
    expect(res.body.refunds).toHaveLength(1);
    expect(res.body.refunds[0]).toMatchObject({ status: "DONE", value: 19.99, description: "parcial" });
    expect(res.body.refunds[0].id).toEqual(expect.any(String));
    expect(res.body.refunds[0].dateCreated).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(h.refunds().find((r) => r.payment_id === id)).toMatchObject({ provider: "asaas", amount: 1999, currency: "BRL", status: "DONE" });
  });

  it("refunds what remains when value is absent and turns the payment REFUNDED", async () => {
    const id = await receivedPix(80.5);
    await asaas(`/payments/${id}/refund`, { method: "POST", body: { value: 30 } });
    const rest = await asaas(`/payments/${id}/refund`, { method: "POST", body: {} });
    expect(rest.body.status).toBe("REFUNDED");
    expect(rest.body.refunds.map((r: { value: number }) => r.value)).toEqual([30, 50.5]);
    const fetched = await asaas(`/payments/${id}`);
    expect(fetched.body.status).toBe("REFUNDED");
  });

  it("has no idempotency: the same refund POST twice refunds twice", async () => {
    const id = await receivedPix(100);
    const request = { method: "POST", body: { value: 10 } } as const;
    await asaas(`/payments/${id}/refund`, request);
    const second = await asaas(`/payments/${id}/refund`, request);
    expect(second.body.refunds).toHaveLength(2);
    expect(h.refunds().filter((r) => r.payment_id === id)).toHaveLength(2);
  });

  it("refuses an over-refund with 400 invalid_value", async () => {
    const id = await receivedPix(20);
    const res = await asaas(`/payments/${id}/refund`, { method: "POST", body: { value: 20.01 } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].code).toBe("invalid_value");
    expect(res.body.errors[0].description).toMatch(/R\$ 20,01.*R\$ 20,00/);
    expect(h.refunds().filter((r) => r.payment_id === id)).toHaveLength(0);
  });

  it("refuses a refund of an already refunded payment with 400 invalid_action", async () => {
    const id = await receivedPix(15);
    await asaas(`/payments/${id}/refund`, { method: "POST" });
    const again = await asaas(`/payments/${id}/refund`, { method: "POST", body: { value: 1 } });
    expect(again.status).toBe(400);
    expect(again.body.errors[0].code).toBe("invalid_action");
  });

  it("refuses to refund a payment that was never paid", async () => {
    const created = await asaas("/payments", { method: "POST", body: { customer: customerId, billingType: "PIX", value: 10, dueDate: today() } });
    const res = await asaas(`/payments/${created.body.id}/refund`, { method: "POST" });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].code).toBe("invalid_action");
  });

  it("answers an unknown payment with 404 not_found", async () => {
    const res = await asaas("/payments/pay_doesnotexist/refund", { method: "POST", body: { value: 1 } });
    expect(res.status).toBe(404);
    expect(res.body.errors[0].code).toBe("not_found");
    expect((await asaas("/payments/pay_doesnotexist")).status).toBe(404);
  });

  it("answers a bad or missing access_token with 401 and an empty body", async () => {
    const bad = await raw(`${h.url}/v3/payments`, { headers: { access_token: "$aact_wrong", "User-Agent": "t" } });
    expect(bad.status).toBe(401);
    expect(bad.text).toBe("");
    const missing = await raw(`${h.url}/v3/payments`, { headers: { "User-Agent": "t" } });
    expect(missing.status).toBe(401);
    expect(missing.text).toBe("");
  });

  it("requires a User-Agent", async () => {
    const res = await raw(`${h.url}/v3/payments`, { headers: { access_token: h.key } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].code).toEqual(expect.any(String));
  });

  it("sends RateLimit-Limit, -Remaining and -Reset on answers", async () => {
    const res = await asaas("/payments?limit=1");
    expect(Number(res.headers["ratelimit-limit"])).toBe(25000);
    expect(Number(res.headers["ratelimit-remaining"])).toBeLessThan(25000);
    expect(Number(res.headers["ratelimit-reset"])).toBeGreaterThan(0);
  });

  it("lists payments newest first with Asaas's list envelope", async () => {
    const res = await asaas(`/payments?customer=${customerId}&limit=2`);
    expect(res.body).toMatchObject({ object: "list", limit: 2, offset: 0, hasMore: true });
    expect(res.body.data).toHaveLength(2);
  });

  it("issues keys in Asaas's $aact_ form", () => {
    expect(h.key.startsWith("$aact_")).toBe(true);
  });
});
