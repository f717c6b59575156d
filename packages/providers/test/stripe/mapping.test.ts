import { describe, expect, it } from "vitest";
import {
  STRIPE_PAYMENT_ID,
  isStripeRefundReason,
  refundedTotal,
  stripeChargeState,
  stripeIntentState,
  stripeRefundState,
  toProviderRefund,
} from "../../src/stripe/mapping.js";

describe("Stripe payment ids", () => {
  it.each(["pi_3Nabc123", "ch_1XyZ"])("accepts %s", (id) => expect(STRIPE_PAYMENT_ID.test(id)).toBe(true));
  it.each(["re_123", "pi_", "pay_123", "123456789", "pi_abc-def", " pi_abc"])("rejects %s", (id) => expect(STRIPE_PAYMENT_ID.test(id)).toBe(false));
});

describe("Stripe refund reasons", () => {
  it("passes only Stripe's three enum values", () => {
    expect(isStripeRefundReason("duplicate")).toBe(true);
    expect(isStripeRefundReason("fraudulent")).toBe(true);
    expect(isStripeRefundReason("requested_by_customer")).toBe(true);
    expect(isStripeRefundReason("customer asked nicely")).toBe(false);
  });
});

describe("stripeRefundState", () => {
  it.each([
    ["succeeded", "succeeded"],
    ["pending", "pending"],
    ["requires_action", "pending"],
    ["failed", "failed"],
    ["canceled", "canceled"],
    [null, "pending"],
  ] as const)("%s -> %s", (status, state) => expect(stripeRefundState(status)).toBe(state));
});

describe("Stripe payment states", () => {
  it("derives paid / partially_refunded / refunded from the refunds", () => {
    expect(stripeIntentState("succeeded", 1000, 0)).toBe("paid");
    expect(stripeIntentState("succeeded", 1000, 400)).toBe("partially_refunded");
    expect(stripeIntentState("succeeded", 1000, 1000)).toBe("refunded");
  });

  it("maps other intent statuses", () => {
    expect(stripeIntentState("processing", 1000, 0)).toBe("pending");
    expect(stripeIntentState("requires_payment_method", 1000, 0)).toBe("pending");
    expect(stripeIntentState("canceled", 1000, 0)).toBe("canceled");
    expect(stripeIntentState("something_new", 1000, 0)).toBe("other");
  });

  it("trusts a charge's refunded flag", () => {
    expect(stripeChargeState("succeeded", 1000, 0, true)).toBe("refunded");
    expect(stripeChargeState("succeeded", 1000, 10, false)).toBe("partially_refunded");
    expect(stripeChargeState("failed", 1000, 0, false)).toBe("failed");
    expect(stripeChargeState("pending", 1000, 0, false)).toBe("pending");
  });
});

describe("toProviderRefund", () => {
  it("keeps minor units, reads our key from metadata, and sums only live refunds", () => {
    const a = toProviderRefund({ id: "re_1", amount: 300, status: "succeeded", created: 1_700_000_000, metadata: { codespar_idempotency_key: "k1" } });
    const b = toProviderRefund({ id: "re_2", amount: 200, status: "failed", created: 1_700_000_000, metadata: {} });
    expect(a).toEqual({ refundId: "re_1", amount: 300, state: "succeeded", providerStatus: "succeeded", createdAt: "2023-11-14T22:13:20.000Z", idempotencyKey: "k1" });
    expect(b.idempotencyKey).toBeUndefined();
    expect(refundedTotal([a, b])).toBe(300);
  });
});
