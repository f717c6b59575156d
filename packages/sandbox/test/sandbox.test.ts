import { describe, expect, it } from "vitest";
import { startSandbox } from "../src/index.js";

describe("startSandbox", () => {
  it("starts the three emulators on their own listeners with provider-shaped keys", async () => {
    const sb = await startSandbox();
    try {
      const urls = new Set([sb.stripe.url, sb.asaas.url, sb.mercadopago.url]);
      expect(urls.size).toBe(3);
      expect(sb.stripe.key).toMatch(/^sk_test_/);
      expect(sb.asaas.key).toMatch(/^\$aact_/);
      expect(sb.mercadopago.key).toMatch(/^TEST-/);
      expect([sb.stripe.provider, sb.asaas.provider, sb.mercadopago.provider]).toEqual(["stripe", "asaas", "mercadopago"]);
    } finally {
      await sb.close();
    }
  });

  it("seed(n) spreads n payments round-robin over stripe, asaas and mercadopago", async () => {
    const sb = await startSandbox();
    try {
      const seeded = await sb.seed(7, 1234);
      expect(seeded.map((p) => p.server)).toEqual(["stripe", "asaas", "mercadopago", "stripe", "asaas", "mercadopago", "stripe"]);
      expect(seeded.every((p) => p.amount === 1234)).toBe(true);
      expect(seeded.map((p) => p.currency)).toEqual(["USD", "BRL", "BRL", "USD", "BRL", "BRL", "USD"]);
      expect(seeded[0]?.payment_id).toMatch(/^pi_/);
      expect(seeded[1]?.payment_id).toMatch(/^pay_/);
      expect(seeded[2]?.payment_id).toMatch(/^\d+$/);
      expect(new Set(seeded.map((p) => p.payment_id)).size).toBe(7);
    } finally {
      await sb.close();
    }
  });

  it("passes per-provider options through", async () => {
    const sb = await startSandbox({ host: "127.0.0.1", stripe: { apiKey: "sk_test_fixed", faults: { latencyMs: 3 } } });
    try {
      expect(sb.stripe.key).toBe("sk_test_fixed");
      expect(sb.stripe.getFaults()).toEqual({ latencyMs: 3 });
      expect(sb.asaas.getFaults()).toEqual({});
    } finally {
      await sb.close();
    }
  });

  it("creates payments in the other allowed currencies", async () => {
    const sb = await startSandbox();
    try {
      expect((await sb.stripe.createPayment(500, "MXN")).currency).toBe("MXN");
      expect((await sb.mercadopago.createPayment(500, "MXN")).currency).toBe("MXN");
      await expect(sb.asaas.createPayment(500, "USD")).rejects.toThrow(RangeError);
    } finally {
      await sb.close();
    }
  });
});
