import { describe, expect, it } from "vitest";
import { CodesparError } from "@codespar/protocol";
import { AsaasProvider, createProvider, DEFAULT_BASE_URLS, DEFAULT_RATE_LIMITS, MercadoPagoProvider, PROVIDER_IDS, StripeProvider } from "../src/index.js";
import { asaasApiBase } from "../src/asaas/client.js";
import { checkConfig } from "../src/options.js";

const SECRET = "sk_test_supersecret_value_123";

function thrown(fn: () => unknown): CodesparError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CodesparError) return err;
    throw err;
  }
  throw new Error("did not throw");
}

describe("connection options", () => {
  it.each([
    [{ baseUrl: "https://api.stripe.com", mode: "test" }, "apiKey"],
    [{ apiKey: SECRET, mode: "test" }, "baseUrl"],
    [{ apiKey: SECRET, baseUrl: "", mode: "test" }, "baseUrl"],
    [{ apiKey: SECRET, baseUrl: "not a url", mode: "test" }, "baseUrl"],
    [{ apiKey: SECRET, baseUrl: "https://api.stripe.com", mode: "prod" }, "mode"],
    [{ apiKey: SECRET, baseUrl: "https://api.stripe.com", mode: "test", timeoutMs: 0 }, "timeoutMs"],
  ])("refuses %j naming %s and never the value", (config, field) => {
    for (const Provider of [StripeProvider, AsaasProvider, MercadoPagoProvider]) {
      const err = thrown(() => new Provider(config as never));
      expect(err.code).toBe("invalid_request");
      expect(err.message).toContain(field);
      expect(JSON.stringify({ m: err.message, d: err.details })).not.toContain(SECRET);
    }
  });

  it("defaults the timeout to 20 s and drops a trailing slash", () => {
    const c = checkConfig("asaas", { apiKey: "k", baseUrl: "https://api.asaas.com/", mode: "live" });
    expect(c.timeoutMs).toBe(20_000);
    expect(asaasApiBase(c)).toBe("https://api.asaas.com/v3");
  });

  it("does not double /v3 for Asaas", () => {
    expect(asaasApiBase(checkConfig("asaas", { apiKey: "k", baseUrl: "https://api-sandbox.asaas.com/v3", mode: "test" }))).toBe("https://api-sandbox.asaas.com/v3");
  });

  it("refuses a Stripe base URL with a path, which the SDK would drop", () => {
    expect(thrown(() => new StripeProvider({ apiKey: SECRET, baseUrl: "https://proxy.example.com/stripe", mode: "test" })).code).toBe("invalid_request");
  });
});

describe("createProvider", () => {
  it("builds each provider with its id, capabilities and defaults", () => {
    for (const id of PROVIDER_IDS) {
      const p = createProvider(id, { apiKey: "key_for_tests", baseUrl: DEFAULT_BASE_URLS[id], mode: "test" });
      expect(p.id).toBe(id);
      expect(p.capabilities).toEqual(["refund", "status", "pay"]);
      expect(DEFAULT_RATE_LIMITS[id].test).toBeGreaterThan(0);
    }
    expect(StripeProvider.id).toBe("stripe");
    expect(AsaasProvider.id).toBe("asaas");
    expect(MercadoPagoProvider.id).toBe("mercadopago");
  });

  it("routes ids by shape", () => {
    const cfg = { apiKey: "key_for_tests", mode: "test" as const };
    const stripe = createProvider("stripe", { ...cfg, baseUrl: DEFAULT_BASE_URLS.stripe });
    const asaas = createProvider("asaas", { ...cfg, baseUrl: DEFAULT_BASE_URLS.asaas });
    const mp = createProvider("mercadopago", { ...cfg, baseUrl: DEFAULT_BASE_URLS.mercadopago });
    expect([stripe, asaas, mp].map((p) => p.matchesPaymentId("pi_123"))).toEqual([true, false, false]);
    expect([stripe, asaas, mp].map((p) => p.matchesPaymentId("pay_123"))).toEqual([false, true, false]);
    expect([stripe, asaas, mp].map((p) => p.matchesPaymentId("1319274829"))).toEqual([false, false, true]);
  });

  it("refuses an unknown provider id", () => {
    expect(thrown(() => createProvider("paypal" as never, { apiKey: "k", baseUrl: "https://x", mode: "test" })).code).toBe("invalid_request");
  });
});
