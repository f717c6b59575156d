import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMercadoPagoEmulator, type EmulatorHandle } from "@codespar/sandbox";
import { MercadoPagoProvider } from "../../src/index.js";
import { failureOf, newKey } from "./fixtures.js";

describe("MercadoPagoProvider specifics", () => {
  let emu: EmulatorHandle;
  let mp: MercadoPagoProvider;

  beforeAll(async () => {
    // An over-refund cause unlike the default proves the adapter reads the wording, not one code.
    emu = await startMercadoPagoEmulator({ overRefundCause: { code: 9999, description: "Some undocumented reason" } });
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.setFaults({});
    emu.reset();
    mp = new MercadoPagoProvider({ baseUrl: emu.url, apiKey: emu.key, mode: "test", timeoutMs: 2_000 });
  });

  it("converts amounts exactly in the payment's own currency", async () => {
    const { payment_id: paymentId } = await emu.createPayment(1999, "MXN");
    const a = await mp.refund({ paymentId, amount: 1, idempotencyKey: newKey() });
    const b = await mp.refund({ paymentId, amount: 1998, idempotencyKey: newKey() });
    expect([a.amount, b.amount, b.currency]).toEqual([1, 1998, "MXN"]);
    expect(await mp.getPayment(paymentId)).toMatchObject({ amount: 1999, amountRefunded: 1999, state: "refunded", currency: "MXN" });
  });

  it("reads an over-refund from the wording whatever the cause code", async () => {
    const { payment_id: paymentId } = await emu.createPayment(1000, "BRL");
    const err = await failureOf(mp.refund({ paymentId, amount: 1001, idempotencyKey: newKey() }));
    expect(err).toMatchObject({ code: "amount_exceeds_refundable", failureClass: "fatal" });
    expect(err.details.provider_code).toBe("9999");
  });

  it("marks a replay by the refund already on the payment", async () => {
    const { payment_id: paymentId } = await emu.createPayment(1000, "BRL");
    const key = newKey();
    const first = await mp.refund({ paymentId, amount: 100, idempotencyKey: key });
    const again = await mp.refund({ paymentId, amount: 100, idempotencyKey: key });
    expect(first.replayed).toBe(false);
    expect(again).toMatchObject({ refundId: first.refundId, replayed: true });
    expect(emu.refunds()).toHaveLength(1);
  });
});
