import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import {
  startAsaasEmulator,
  startMercadoPagoEmulator,
  startStripeEmulator,
  type EmulatorHandle,
  type EmulatorOptions,
  type SandboxProvider,
} from "../../src/index.js";
import { asaasHeaders } from "./clients.js";
import { form, raw, type RawAnswer } from "./http.js";

export interface CallOptions {
  timeoutMs?: number;
}

/** One emulator seen through its own wire, so one fault suite can run against all three. */
export interface Driver {
  provider: SandboxProvider;
  start(o?: EmulatorOptions): Promise<EmulatorHandle>;
  refund(h: EmulatorHandle, paymentId: string, amountMinor: number, o?: CallOptions): Promise<RawAnswer>;
  read(h: EmulatorHandle, paymentId: string, o?: CallOptions): Promise<RawAnswer>;
  expectServerError(a: RawAnswer): void;
  expectRateLimited(a: RawAnswer): void;
}

const stripe: Driver = {
  provider: "stripe",
  start: startStripeEmulator,
  refund: (h, id, amount, o = {}) =>
    raw(`${h.url}/v1/refunds`, {
      ...o,
      method: "POST",
      headers: { Authorization: `Bearer ${h.key}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: form({ payment_intent: id, amount }),
    }),
  read: (h, id, o = {}) => raw(`${h.url}/v1/payment_intents/${id}`, { ...o, headers: { Authorization: `Bearer ${h.key}` } }),
  expectServerError(a) {
    expect(a.status).toBe(500);
    expect(a.body.error.type).toBe("api_error");
    expect(a.headers["request-id"]).toMatch(/^req_/);
  },
  expectRateLimited(a) {
    expect(a.status).toBe(429);
    expect(a.body.error).toMatchObject({ type: "invalid_request_error", code: "rate_limit" });
    expect(a.headers["stripe-rate-limited-reason"]).toBeTruthy();
    expect(Number(a.headers["retry-after"])).toBeGreaterThanOrEqual(1);
  },
};

const asaas: Driver = {
  provider: "asaas",
  start: startAsaasEmulator,
  refund: (h, id, amount, o = {}) =>
    raw(`${h.url}/v3/payments/${id}/refund`, { ...o, method: "POST", headers: asaasHeaders(h), body: { value: amount / 100 } }),
  read: (h, id, o = {}) => raw(`${h.url}/v3/payments/${id}`, { ...o, headers: asaasHeaders(h) }),
  expectServerError(a) {
    expect(a.status).toBe(500);
    expect(a.body.errors[0].code).toEqual(expect.any(String));
  },
  expectRateLimited(a) {
    expect(a.status).toBe(429);
    expect(a.body.errors[0].code).toEqual(expect.any(String));
    expect(Number(a.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(a.headers["ratelimit-remaining"]).toBe("0");
  },
};

const mercadopago: Driver = {
  provider: "mercadopago",
  start: startMercadoPagoEmulator,
  refund: (h, id, amount, o = {}) =>
    raw(`${h.url}/v1/payments/${id}/refunds`, {
      ...o,
      method: "POST",
      headers: { Authorization: `Bearer ${h.key}`, "X-Idempotency-Key": randomUUID() },
      body: { amount: amount / 100 },
    }),
  read: (h, id, o = {}) => raw(`${h.url}/v1/payments/${id}`, { ...o, headers: { Authorization: `Bearer ${h.key}` } }),
  expectServerError(a) {
    expect(a.status).toBe(500);
    expect(a.body).toMatchObject({ status: 500, cause: [] });
    expect(a.body.error).toEqual(expect.any(String));
  },
  expectRateLimited(a) {
    expect(a.status).toBe(429);
    expect(a.body).toMatchObject({ status: 429, error: "too_many_requests" });
    expect(Number(a.headers["retry-after"])).toBeGreaterThanOrEqual(1);
  },
};

export const drivers: Driver[] = [stripe, asaas, mercadopago];
