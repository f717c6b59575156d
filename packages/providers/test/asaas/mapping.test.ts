import { describe, expect, it } from "vitest";
import { ASAAS_PAYMENT_ID, asaasPaymentState, asaasRefundState, asaasSnapshot, parseAsaasPayment } from "../../src/asaas/mapping.js";
import { newRefundOf, refundOutcome, taggedRefund } from "../../src/asaas/refund-lookup.js";

describe("Asaas payment ids", () => {
  it.each(["pay_080225913252", "pay_abcDEF123"])("accepts %s", (id) => expect(ASAAS_PAYMENT_ID.test(id)).toBe(true));
  it.each(["pay_", "pi_123", "123456789", "pay_12-3"])("rejects %s", (id) => expect(ASAAS_PAYMENT_ID.test(id)).toBe(false));
});

describe("Asaas states", () => {
  it.each([
    ["DONE", "succeeded"],
    ["PENDING", "pending"],
    ["CANCELLED", "canceled"],
    ["AWAITING_CRITICAL_ACTION_AUTHORIZATION", "pending"],
  ] as const)("refund %s -> %s", (s, state) => expect(asaasRefundState(s)).toBe(state));

  it("derives the payment state from status and refunds", () => {
    expect(asaasPaymentState("RECEIVED", 1000, 0)).toBe("paid");
    expect(asaasPaymentState("RECEIVED_IN_CASH", 1000, 300)).toBe("partially_refunded");
    expect(asaasPaymentState("CONFIRMED", 1000, 1000)).toBe("refunded");
    expect(asaasPaymentState("REFUNDED", 1000, 0)).toBe("refunded");
    expect(asaasPaymentState("PENDING", 1000, 0)).toBe("pending");
    expect(asaasPaymentState("OVERDUE", 1000, 0)).toBe("pending");
    expect(asaasPaymentState("CHARGEBACK_REQUESTED", 1000, 0)).toBe("other");
  });
});

const payment = {
  object: "payment",
  id: "pay_123",
  value: 100.5,
  netValue: 99.51,
  status: "RECEIVED",
  refunds: [
    { dateCreated: "2025-01-02", status: "DONE", value: 10.25, description: "Customer request [codespar:k1]" },
    { dateCreated: "2025-01-02", status: "CANCELLED", value: 5, description: "[codespar:k2]" },
    { dateCreated: "2025-01-03", status: "PENDING", value: 0.1, description: "manual refund" },
  ],
};

describe("asaasSnapshot", () => {
  it("converts decimal reais exactly and sums refunds that are not cancelled", () => {
    const snap = asaasSnapshot(parseAsaasPayment(payment)!);
    expect(snap).toMatchObject({ paymentId: "pay_123", amount: 10050, currency: "BRL", amountRefunded: 1035, state: "partially_refunded", providerStatus: "RECEIVED" });
    expect(snap.refunds.map((r) => [r.amount, r.state, r.idempotencyKey])).toEqual([
      [1025, "succeeded", "k1"],
      [500, "canceled", "k2"],
      [10, "pending", undefined],
    ]);
    expect(snap.refunds[0]?.refundId).toBe("pay_123:codespar:k1");
    expect(new Set(snap.refunds.map((r) => r.refundId)).size).toBe(3);
  });

  it("rejects a body that is not a payment", () => {
    expect(parseAsaasPayment({ errors: [] })).toBeUndefined();
    expect(parseAsaasPayment("oops")).toBeUndefined();
  });
});

describe("refund lookup", () => {
  const p = parseAsaasPayment(payment)!;

  it("finds a tagged refund and ignores a cancelled one", () => {
    expect(taggedRefund(p, "k1")?.value).toBe(10.25);
    expect(taggedRefund(p, "k2")).toBeUndefined();
  });

  it("falls back to the single new refund of the asked amount", () => {
    const before = parseAsaasPayment({ ...payment, refunds: payment.refunds.slice(0, 2) })!;
    expect(newRefundOf(before, p, 10)?.description).toBe("manual refund");
    expect(newRefundOf(before, p, 99)).toBeUndefined();
    expect(newRefundOf(p, p, undefined)).toBeUndefined();
  });

  it("builds an outcome in minor units", () => {
    const outcome = refundOutcome(p, taggedRefund(p, "k1")!, true);
    expect(outcome).toMatchObject({ refundId: "pay_123:codespar:k1", paymentId: "pay_123", amount: 1025, currency: "BRL", state: "succeeded", replayed: true, providerStatus: "DONE" });
  });
});
