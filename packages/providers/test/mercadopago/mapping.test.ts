import { describe, expect, it } from "vitest";
import {
  MERCADOPAGO_PAYMENT_ID,
  mercadoPagoPaymentState,
  mercadoPagoRefundState,
  mercadoPagoSnapshot,
  parseMercadoPagoPayment,
  parseMercadoPagoRefund,
} from "../../src/mercadopago/mapping.js";

describe("Mercado Pago payment ids", () => {
  it.each(["123456", "1319274829", "12345678901234567890"])("accepts %s", (id) => expect(MERCADOPAGO_PAYMENT_ID.test(id)).toBe(true));
  it.each(["12345", "123456789012345678901", "pay_123", "12a456"])("rejects %s", (id) => expect(MERCADOPAGO_PAYMENT_ID.test(id)).toBe(false));
});

describe("Mercado Pago states", () => {
  it.each([
    ["approved", "succeeded"],
    ["in_process", "pending"],
    ["authorized", "pending"],
    ["rejected", "failed"],
    ["cancelled", "canceled"],
  ] as const)("refund %s -> %s", (s, state) => expect(mercadoPagoRefundState(s)).toBe(state));

  it("maps payment statuses", () => {
    expect(mercadoPagoPaymentState("approved", 1000, 0)).toBe("paid");
    expect(mercadoPagoPaymentState("approved", 1000, 1)).toBe("partially_refunded");
    expect(mercadoPagoPaymentState("refunded", 1000, 1000)).toBe("refunded");
    expect(mercadoPagoPaymentState("pending", 1000, 0)).toBe("pending");
    expect(mercadoPagoPaymentState("rejected", 1000, 0)).toBe("failed");
    expect(mercadoPagoPaymentState("cancelled", 1000, 0)).toBe("canceled");
    expect(mercadoPagoPaymentState("charged_back", 1000, 0)).toBe("other");
  });
});

describe("mercadoPagoSnapshot", () => {
  it("converts decimal amounts exactly in the payment's currency", () => {
    const p = parseMercadoPagoPayment({
      id: 1319274829,
      status: "approved",
      status_detail: "partially_refunded",
      transaction_amount: 19.99,
      transaction_amount_refunded: 5.1,
      currency_id: "BRL",
      refunds: [
        { id: 987654, payment_id: 1319274829, amount: 5.1, status: "approved", date_created: "2025-01-01T00:00:00.000-04:00" },
        { id: 987655, payment_id: 1319274829, amount: 1, status: "rejected", date_created: "2025-01-01T00:00:00.000-04:00" },
      ],
    })!;
    const snap = mercadoPagoSnapshot(p);
    expect(snap).toMatchObject({ paymentId: "1319274829", amount: 1999, currency: "BRL", amountRefunded: 510, state: "partially_refunded", providerStatus: "approved" });
    expect(snap.refunds.map((r) => [r.refundId, r.amount, r.state])).toEqual([
      ["987654", 510, "succeeded"],
      ["987655", 100, "failed"],
    ]);
  });

  it("parses a refund answer and rejects bodies that are not one", () => {
    expect(parseMercadoPagoRefund({ id: 1, amount: 2.5, status: "approved" })).toMatchObject({ id: "1", amount: 2.5, status: "approved" });
    expect(parseMercadoPagoRefund({ message: "x" })).toBeUndefined();
    expect(parseMercadoPagoPayment({ id: 1, status: "approved" })).toBeUndefined();
  });
});
