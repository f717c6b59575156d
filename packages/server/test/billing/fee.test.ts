import { describe, expect, it } from "vitest";
import { divideHalfEven, parseDecimal } from "../../src/billing/exact-decimal.js";
import { refundFee } from "../../src/billing/fee.js";
import { FxTable, SANDBOX_FX_RATES, parseFxRates } from "../../src/billing/fx-table.js";

const fee = (amount: number, currency: string, homeCurrency = "USD", fxRate: string | null = FxTable.from(undefined).rateFor(currency)?.rate ?? null) =>
  refundFee({ amount, currency, homeCurrency, fxRate });

describe("half-even division", () => {
  it("rounds below half down and above half up", () => {
    expect(divideHalfEven(14n, 10n)).toBe(1n);
    expect(divideHalfEven(16n, 10n)).toBe(2n);
  });
  it("rounds an exact half to the even neighbour", () => {
    expect(divideHalfEven(5n, 10n)).toBe(0n);
    expect(divideHalfEven(15n, 10n)).toBe(2n);
    expect(divideHalfEven(25n, 10n)).toBe(2n);
    expect(divideHalfEven(35n, 10n)).toBe(4n);
  });
  it("reads decimal strings exactly and refuses anything else", () => {
    expect(parseDecimal("0.055")).toEqual({ units: 55n, scale: 3 });
    expect(parseDecimal("1")).toEqual({ units: 1n, scale: 0 });
    for (const bad of ["1e-3", "-0.2", ".5", "0.2.1", "", "01.5"]) expect(() => parseDecimal(bad), bad).toThrow();
  });
});

describe("refund fee: USD 0.10 + 0.5% of the USD amount when cross-border", () => {
  it("is the base fee alone for a payment in the home currency", () => {
    expect(fee(5000, "USD")).toEqual({ crossBorder: false, amountUsd: 5000, feeBase: 10, feeFx: 0, feeTotal: 10 });
    expect(fee(5000, "BRL", "BRL")).toMatchObject({ crossBorder: false, amountUsd: 1000, feeFx: 0, feeTotal: 10 });
  });

  it("BRL at 0.20: R$50.00 is USD 10.00, 0.5% is 5 cents", () => {
    expect(fee(5000, "BRL")).toEqual({ crossBorder: true, amountUsd: 1000, feeBase: 10, feeFx: 5, feeTotal: 15 });
  });

  it("MXN at 0.055: MX$50.00 is USD 2.75, 0.5% is 1.375 cents -> 1", () => {
    expect(fee(5000, "MXN")).toEqual({ crossBorder: true, amountUsd: 275, feeBase: 10, feeFx: 1, feeTotal: 11 });
  });

  it("ARS at 0.001: AR$1000.00 is USD 1.00, 0.5% is exactly half a cent -> 0 (even)", () => {
    expect(fee(100_000, "ARS")).toMatchObject({ amountUsd: 100, feeFx: 0, feeTotal: 10 });
    expect(fee(300_000, "ARS")).toMatchObject({ amountUsd: 300, feeFx: 2, feeTotal: 12 });
  });

  it("exact half cents round to the even cent: 1.5 -> 2, 2.5 -> 2, 5.5 -> 6", () => {
    expect(fee(1500, "BRL").feeFx).toBe(2); // USD 3.00 -> 1.5 cents
    expect(fee(2500, "BRL").feeFx).toBe(2); // USD 5.00 -> 2.5 cents
    expect(fee(20_000, "MXN").feeFx).toBe(6); // USD 11.00 -> 5.5 cents
  });

  it("a USD payment in a BRL project is cross-border at rate 1", () => {
    expect(fee(500, "USD", "BRL")).toEqual({ crossBorder: true, amountUsd: 500, feeBase: 10, feeFx: 2, feeTotal: 12 });
  });

  it("rounds once, from the exact converted amount, not from a rounded USD amount", () => {
    // MX$0.10 -> USD 0.0055 (0.55 cents, shown as 1); 0.5% of the exact amount is 0.00275 cents -> 0.
    expect(fee(10, "MXN")).toMatchObject({ amountUsd: 1, feeFx: 0 });
    // 1823 BRL cents at 0.1823 = 332.3329 USD cents; 0.5% = 1.6616645 -> 2.
    expect(fee(1823, "BRL", "USD", "0.1823")).toMatchObject({ amountUsd: 332, feeFx: 2, feeTotal: 12 });
  });

  it("uses the currency's exponent: CLP has no minor unit", () => {
    // CLP 10000 at 0.0011 = USD 11.00; 0.5% = 5.5 cents -> 6.
    expect(fee(10_000, "CLP")).toMatchObject({ amountUsd: 1100, feeFx: 6, feeTotal: 16 });
  });

  it("never guesses: without a rate the surcharge is 0 and the USD amount unknown", () => {
    expect(fee(5000, "BRL", "USD", null)).toEqual({ crossBorder: true, amountUsd: null, feeBase: 10, feeFx: 0, feeTotal: 10 });
  });

  it("refuses amounts that are not whole minor units", () => {
    expect(() => fee(10.5, "USD")).toThrow();
    expect(() => fee(-1, "USD")).toThrow();
  });
});

describe("FX table", () => {
  it("ships fixed sandbox rates and USD is always 1", () => {
    const t = FxTable.from(undefined);
    expect(t.rateFor("brl")).toEqual({ rate: SANDBOX_FX_RATES.BRL, source: "sandbox-fixed" });
    expect(t.rateFor("USD")).toEqual({ rate: "1", source: "identity" });
  });
  it("a configured table replaces the sandbox table entirely", () => {
    const t = FxTable.from(parseFxRates('{"brl":"0.1823","MXN":0.0512}'));
    expect(t.rateFor("BRL")).toEqual({ rate: "0.1823", source: "config" });
    expect(t.rateFor("MXN")).toEqual({ rate: "0.0512", source: "config" });
    expect(t.rateFor("ARS")).toBeUndefined();
  });
  it("refuses malformed configuration at start", () => {
    for (const bad of ["nope", "[]", '{"BRL":"-1"}', '{"BRL":"0"}', '{"BRL":"1e-3"}', '{"XYZ":"1"}', '{"USD":"2"}', '{"BRL":null}']) {
      expect(() => parseFxRates(bad), bad).toThrow(/CODESPAR_FX_RATES/);
    }
  });
});
