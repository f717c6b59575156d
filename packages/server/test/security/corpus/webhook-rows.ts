import { expect } from "vitest";
import { BODY_LIMIT, mercadoPagoSignature, nowS, stripeRefundEvent, stripeSignature, type HostileContext } from "../hostile-context.js";
import type { HostileRequest } from "./hostile-request.js";

const json = { "content-type": "application/json" };
const badSignature = { status: 401, code: "webhook_signature_invalid" } as const;
const stale = { status: 401, code: "webhook_timestamp_stale" } as const;
const stripePath = (c: HostileContext) => `/v1/webhooks/stripe/${c.conn.stripe}`;
const asaasPath = (c: HostileContext) => `/v1/webhooks/asaas/${c.conn.asaas}`;
const mpPath = (c: HostileContext) => `/v1/webhooks/mercadopago/${c.conn.mercadopago}?data.id=123456789&type=payment`;
const EVENT = stripeRefundEvent("evt_forged_0001");
const MP_BODY = JSON.stringify({ id: 987, type: "payment", action: "payment.updated", data: { id: "123456789" } });

/** A Stripe delivery with the body and Stripe-Signature given. */
function stripe(name: string, body: string, signature: ((c: HostileContext) => string) | null, expected: Pick<HostileRequest, "status" | "code" | "check">): HostileRequest {
  return { name: `stripe webhook: ${name}`, method: "POST", path: stripePath, key: null, raw: body, headers: (c) => ({ ...json, ...(signature ? { "stripe-signature": signature(c) } : {}) }), ...expected };
}

function mp(name: string, headers: (c: HostileContext) => Record<string, string>, expected: Pick<HostileRequest, "status" | "code">): HostileRequest {
  return { name: `mercadopago webhook: ${name}`, method: "POST", path: mpPath, key: null, raw: MP_BODY, headers: (c) => ({ ...json, "x-request-id": "req-mp-0001", ...headers(c) }), ...expected };
}

const duplicate = { status: 200, code: null, check: (a: { body: any }) => expect(a.body).toMatchObject({ received: true, duplicate: true }) } as const;

/** Forged, stale, tampered, misaddressed and replayed deliveries. Webhooks carry no API key and get no RateLimit headers. */
export const WEBHOOK_ROWS: HostileRequest[] = [
  stripe("no Stripe-Signature", EVENT, null, badSignature),
  stripe("garbage Stripe-Signature", EVENT, () => "garbage", badSignature),
  stripe("v1 that is not an HMAC", EVENT, () => `t=${nowS()},v1=${"ab".repeat(32)}`, badSignature),
  stripe("signed with another secret", EVENT, () => stripeSignature(EVENT, "whsec_attacker_guess_000000"), badSignature),
  stripe("signed with the asaas connection's secret", EVENT, (c) => stripeSignature(EVENT, c.webhookSecret.asaas), badSignature),
  stripe("tampered body under a valid signature", EVENT.replace('"status":"succeeded"', '"status":"failed"'), (c) => stripeSignature(EVENT, c.webhookSecret.stripe), badSignature),
  stripe("only a v0 signature", EVENT, (c) => stripeSignature(EVENT, c.webhookSecret.stripe).replace("v1=", "v0="), badSignature),
  stripe("valid signature 301 s old", EVENT, (c) => stripeSignature(EVENT, c.webhookSecret.stripe, nowS() - 301), stale),
  stripe("valid signature 400 s in the future", EVENT, (c) => stripeSignature(EVENT, c.webhookSecret.stripe, nowS() + 400), stale),
  stripe("authentic but not JSON", "refund succeeded", (c) => stripeSignature("refund succeeded", c.webhookSecret.stripe), { status: 400, code: "webhook_payload_invalid" }),
  stripe("authentic JSON that is not an event", '{"hello":"world"}', (c) => stripeSignature('{"hello":"world"}', c.webhookSecret.stripe), { status: 400, code: "webhook_payload_invalid" }),
  { ...stripe("replayed as delivered", "", null, duplicate), raw: (c) => c.delivered.stripe.body, headers: (c) => ({ ...json, "stripe-signature": c.delivered.stripe.signature }) },
  { ...stripe("replayed with a fresh signature", "", null, duplicate), raw: (c) => c.delivered.stripe.body, headers: (c) => ({ ...json, "stripe-signature": stripeSignature(c.delivered.stripe.body, c.webhookSecret.stripe) }) },
  { ...stripe("an API key instead of a signature", EVENT, null, badSignature), key: "a" },
  { ...stripe("oversized", `{"pad":"${"x".repeat(BODY_LIMIT)}"}`, () => "t=1,v1=00", { status: 413, code: "payload_too_large" }) },
  { ...stripe("to a connection without a webhook secret", EVENT, () => "t=1,v1=00", { status: 401, code: "webhook_secret_missing" }), path: (c) => `/v1/webhooks/stripe/${c.ids.connNoSecret}` },
  { ...stripe("to the asaas URL of a stripe connection", EVENT, (c) => stripeSignature(EVENT, c.webhookSecret.stripe), { status: 404, code: "not_found" }), path: (c) => `/v1/webhooks/asaas/${c.conn.stripe}` },
  { ...stripe("to a connection that does not exist", EVENT, () => "t=1,v1=00", { status: 404, code: "not_found" }), path: "/v1/webhooks/stripe/conn_0000000000000000000000" },
  { ...stripe("to an unknown provider", EVENT, () => "t=1,v1=00", { status: 404, code: "not_found" }), path: (c) => `/v1/webhooks/paypal/${c.conn.stripe}` },
  { name: "webhook: GET instead of POST", method: "GET", path: stripePath, key: null, status: 404, code: "not_found" },
  { name: "asaas webhook: no token", method: "POST", path: asaasPath, key: null, headers: json, raw: (c) => c.delivered.asaas.body, ...badSignature },
  { name: "asaas webhook: wrong token", method: "POST", path: asaasPath, key: null, headers: { ...json, "asaas-access-token": "guessed-token-000000" }, raw: (c) => c.delivered.asaas.body, ...badSignature },
  { name: "asaas webhook: the stripe connection's secret as token", method: "POST", path: asaasPath, key: null, headers: (c) => ({ ...json, "asaas-access-token": c.webhookSecret.stripe }), raw: (c) => c.delivered.asaas.body, ...badSignature },
  { name: "asaas webhook: replayed event", method: "POST", path: asaasPath, key: null, headers: (c) => ({ ...json, "asaas-access-token": c.webhookSecret.asaas }), raw: (c) => c.delivered.asaas.body, ...duplicate },
  mp("no x-signature", () => ({}), badSignature),
  mp("malformed x-signature", () => ({ "x-signature": "ts=abc,v1=zz" }), badSignature),
  mp("signed with another secret", () => ({ "x-signature": mercadoPagoSignature("123456789", "req-mp-0001", "attacker-secret") }), badSignature),
  mp("signed for another payment", (c) => ({ "x-signature": mercadoPagoSignature("111111111", "req-mp-0001", c.webhookSecret.mercadopago) }), badSignature),
  mp("signed for another request id", (c) => ({ "x-signature": mercadoPagoSignature("123456789", "req-mp-other", c.webhookSecret.mercadopago) }), badSignature),
  mp("valid signature 301 s old", (c) => ({ "x-signature": mercadoPagoSignature("123456789", "req-mp-0001", c.webhookSecret.mercadopago, nowS() - 301) }), stale),
];
