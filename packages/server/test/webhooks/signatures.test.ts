import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { WebhookSignatureValidator } from "mercadopago";
import { verifyAsaasToken } from "../../src/webhooks/signatures/asaas-token.js";
import { mercadoPagoManifest, mercadoPagoSignatureHeader, verifyMercadoPagoSignature } from "../../src/webhooks/signatures/mercadopago-signature.js";
import { stripeSignatureHeader, verifyStripeSignature } from "../../src/webhooks/signatures/stripe-signature.js";

// The official Stripe SDK, to check our verifier against the headers Stripe's own code builds.
const Stripe = createRequire(import.meta.url)("stripe") as (key: string) => { webhooks: { generateTestHeaderString(o: { payload: string; secret: string; timestamp?: number }): string; constructEvent(p: string, h: string, s: string): unknown } };
const stripe = Stripe("sk_test_x");
const SECRET = "whsec_unit";
const now = 1_800_000_000_000;

describe("Stripe-Signature", () => {
  const body = JSON.stringify({ id: "evt_1", type: "refund.updated" });

  it("accepts what stripe-node signs, and stripe-node accepts what we sign", () => {
    const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET, timestamp: now / 1000 });
    expect(verifyStripeSignature(Buffer.from(body), header, SECRET, now)).toEqual({ ok: true });
    const ours = stripeSignatureHeader(body, SECRET, Math.floor(Date.now() / 1000));
    expect(() => stripe.webhooks.constructEvent(body, ours, SECRET)).not.toThrow();
  });

  it("applies the 300 s tolerance both ways, and checks the signature before the clock", () => {
    const t = now / 1000;
    expect(verifyStripeSignature(Buffer.from(body), stripeSignatureHeader(body, SECRET, t - 300), SECRET, now).ok).toBe(true);
    expect(verifyStripeSignature(Buffer.from(body), stripeSignatureHeader(body, SECRET, t - 301), SECRET, now)).toMatchObject({ ok: false, code: "webhook_timestamp_stale" });
    expect(verifyStripeSignature(Buffer.from(body), stripeSignatureHeader(body, SECRET, t + 301), SECRET, now)).toMatchObject({ ok: false, code: "webhook_timestamp_stale" });
    expect(verifyStripeSignature(Buffer.from(body), stripeSignatureHeader(body, "whsec_other", t - 900), SECRET, now)).toMatchObject({ ok: false, code: "webhook_signature_invalid" });
  });

  it("needs t and a v1; v0 alone is not enough", () => {
    const sig = stripeSignatureHeader(body, SECRET, now / 1000).split(",")[1]!.slice(3);
    expect(verifyStripeSignature(Buffer.from(body), `t=${now / 1000},v0=${sig}`, SECRET, now).ok).toBe(false);
    expect(verifyStripeSignature(Buffer.from(body), `v1=${sig}`, SECRET, now).ok).toBe(false);
    expect(verifyStripeSignature(Buffer.from(body), undefined, SECRET, now).ok).toBe(false);
  });
});

describe("Mercado Pago x-signature", () => {
  it("builds the documented manifest, leaving out absent parts and lowercasing alphanumeric ids", () => {
    expect(mercadoPagoManifest("123", "req-1", "1700")).toBe("id:123;request-id:req-1;ts:1700;");
    expect(mercadoPagoManifest("ABC123", undefined, "1700")).toBe("id:abc123;ts:1700;");
    expect(mercadoPagoManifest(undefined, "req-1", "1700")).toBe("request-id:req-1;ts:1700;");
  });

  it("agrees with the official SDK's WebhookSignatureValidator", () => {
    const ts = now / 1000;
    const header = mercadoPagoSignatureHeader("123456", "req-abc", SECRET, ts);
    expect(() => WebhookSignatureValidator.validate({ xSignature: header, xRequestId: "req-abc", dataId: "123456", secret: SECRET, toleranceSeconds: 300, now: () => now })).not.toThrow();
    expect(verifyMercadoPagoSignature({ xSignature: header, xRequestId: "req-abc", dataId: "123456", secret: SECRET, nowMs: now })).toEqual({ ok: true });
  });

  it("refuses a different data.id, request id or secret, and a stale ts (seconds or milliseconds)", () => {
    const ts = now / 1000;
    const header = mercadoPagoSignatureHeader("123456", "req-abc", SECRET, ts);
    const base = { xSignature: header, xRequestId: "req-abc", dataId: "123456", secret: SECRET, nowMs: now };
    expect(verifyMercadoPagoSignature({ ...base, dataId: "654321" }).ok).toBe(false);
    expect(verifyMercadoPagoSignature({ ...base, xRequestId: "req-x" }).ok).toBe(false);
    expect(verifyMercadoPagoSignature({ ...base, secret: "other" }).ok).toBe(false);
    expect(verifyMercadoPagoSignature({ ...base, nowMs: now + 301_000 })).toMatchObject({ ok: false, code: "webhook_timestamp_stale" });
    const msHeader = mercadoPagoSignatureHeader("123456", "req-abc", SECRET, now);
    expect(verifyMercadoPagoSignature({ ...base, xSignature: msHeader }).ok).toBe(true);
    expect(verifyMercadoPagoSignature({ ...base, xSignature: "v1=abc" }).ok).toBe(false);
  });
});

describe("asaas-access-token", () => {
  it("compares the token with the secret exactly", () => {
    expect(verifyAsaasToken("tok", "tok").ok).toBe(true);
    expect(verifyAsaasToken("tok ", "tok").ok).toBe(false);
    expect(verifyAsaasToken("to", "tok").ok).toBe(false);
    expect(verifyAsaasToken(undefined, "tok").ok).toBe(false);
  });
});
