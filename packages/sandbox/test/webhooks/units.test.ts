import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import Stripe from "stripe";
import { WebhookSignatureValidator } from "mercadopago";
import { ConfigError } from "../../src/config/checks.js";
import { parseRefundBehaviour } from "../../src/settlement/behaviour.js";
import { RefundSettler } from "../../src/settlement/settler.js";
import { parseWebhookFaults, parseWebhookRetry, parseWebhookTargets, parseWebhookUpdate } from "../../src/webhooks/config.js";
import { isDelivered, retryDelay, shouldRetry } from "../../src/webhooks/retry.js";
import { stripeWebhookHeaders } from "../../src/stripe/webhooks.js";
import { mercadoPagoWebhookHeaders } from "../../src/mercadopago/webhooks.js";

describe("retry policy", () => {
  it("doubles from initialDelayMs and caps at maxDelayMs", () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n))).toEqual([100, 200, 400, 800]);
    expect(retryDelay(10)).toBe(5000);
    expect(retryDelay(3, { initialDelayMs: 10, maxDelayMs: 25 })).toBe(25);
  });

  it("only a 2xx is delivered; anything else is retried until maxAttempts", () => {
    expect([200, 204, 299].every(isDelivered)).toBe(true);
    expect([199, 301, 307, 404, 500, "error" as const].some(isDelivered)).toBe(false);
    expect(shouldRetry(500, 1)).toBe(true);
    expect(shouldRetry("error", 4)).toBe(true);
    expect(shouldRetry(500, 5)).toBe(false);
    expect(shouldRetry(200, 1)).toBe(false);
    expect(shouldRetry(302, 1, { maxAttempts: 1 })).toBe(false);
  });
});

describe("settings parsers", () => {
  it("copy exactly what was set and refuse the rest with ConfigError", () => {
    expect(parseRefundBehaviour({ pendingRate: 0.2, seed: 1 })).toEqual({ pendingRate: 0.2, seed: 1 });
    expect(parseRefundBehaviour(undefined)).toEqual({});
    expect(() => parseRefundBehaviour({ settleJitterMs: -1 })).toThrow(ConfigError);
    expect(parseWebhookFaults({ reorderJitterMs: 10 })).toEqual({ reorderJitterMs: 10 });
    expect(() => parseWebhookFaults([])).toThrow(ConfigError);
    expect(parseWebhookRetry({ maxAttempts: 3, timeoutMs: 0 })).toEqual({ maxAttempts: 3, timeoutMs: 0 });
    expect(() => parseWebhookRetry({ maxAttempts: 1.5 })).toThrow(ConfigError);
    expect(() => parseWebhookTargets({ url: "http://x" })).toThrow(ConfigError);
    expect(() => parseWebhookTargets([{ url: "http://x", secret: "s", extra: 1 }])).toThrow(ConfigError);
    expect(parseWebhookUpdate({ faults: {} })).toEqual({ faults: {} });
  });
});

describe("RefundSettler", () => {
  it("with the same seed makes the same choices, and reset() replays them", () => {
    const choices = (s: RefundSettler) => Array.from({ length: 20 }, () => s.startsPending());
    const a = new RefundSettler({ pendingRate: 0.5, seed: 5 }, () => {});
    const b = new RefundSettler({ pendingRate: 0.5, seed: 5 }, () => {});
    const first = choices(a);
    expect(choices(b)).toEqual(first);
    a.reset();
    expect(choices(a)).toEqual(first);
    expect(new RefundSettler({}, () => {}).startsPending()).toBe(false);
  });

  it("settles on its timer, and cancel() or close() disarm it", async () => {
    const settled: string[] = [];
    const s = new RefundSettler({ settleAfterMs: 10, failRate: 1 }, (id, outcome) => settled.push(`${id}:${outcome}`));
    s.schedule("r1");
    s.schedule("r2");
    s.cancel("r2");
    expect(s.scheduled()).toBe(1);
    await new Promise((r) => setTimeout(r, 40));
    expect(settled).toEqual(["r1:failed"]);
    s.schedule("r3");
    s.close();
    expect(s.scheduled()).toBe(0);
    s.schedule("r4");
    expect(s.scheduled()).toBe(0);
  });
});

describe("signatures", () => {
  it("Stripe-Signature equals what the official SDK generates for the same payload, secret and time", () => {
    const payload = JSON.stringify({ id: "evt_1", object: "event" });
    const now = new Date(1_717_000_000_000);
    const ours = stripeWebhookHeaders("whsec_abc", payload, now)["Stripe-Signature"];
    const theirs = new Stripe("sk_test_x").webhooks.generateTestHeaderString({ payload, secret: "whsec_abc", timestamp: 1_717_000_000 });
    expect(ours).toBe(theirs);
  });

  it("x-signature signs id;request-id;ts; with ts in seconds, as MP's validator expects", () => {
    const now = new Date(1_704_908_010_123);
    const headers = mercadoPagoWebhookHeaders("secret", "123456", "req-1", now);
    const expected = createHmac("sha256", "secret").update("id:123456;request-id:req-1;ts:1704908010;").digest("hex");
    expect(headers["x-signature"]).toBe(`ts=1704908010,v1=${expected}`);
    const validate = () =>
      WebhookSignatureValidator.validate({
        xSignature: headers["x-signature"],
        xRequestId: "req-1",
        dataId: "123456",
        secret: "secret",
        toleranceSeconds: 60,
        now: () => now.getTime(),
      });
    expect(validate).not.toThrow();
  });
});
