import { describe, expect, it } from "vitest";
import { decimalToMinor, minorToDecimal, minorToDecimalString } from "@codespar/protocol";

describe("exact money conversion at the provider boundary", () => {
  it.each([
    [1999, "19.99"],
    [1, "0.01"],
    [10, "0.10"],
    [100, "1.00"],
    [0, "0.00"],
    [123456789012, "1234567890.12"],
  ])("minor %i is %s in major units", (minor, text) => {
    expect(minorToDecimalString(minor, "BRL")).toBe(text);
    expect(decimalToMinor(text, "BRL")).toBe(minor);
  });

  it("never drifts through floats: every cent from 0 to 100000 round-trips", () => {
    for (let minor = 0; minor <= 100_000; minor++) {
      expect(decimalToMinor(minorToDecimal(minor, "USD"), "USD")).toBe(minor);
    }
  });

  it("reads provider numbers like 0.1 + 0.2 style values exactly", () => {
    expect(decimalToMinor(19.99, "BRL")).toBe(1999);
    expect(decimalToMinor(0.3, "BRL")).toBe(30);
    expect(decimalToMinor("12.5", "MXN")).toBe(1250);
  });

  it("refuses sub-cent amounts instead of rounding them", () => {
    expect(() => decimalToMinor("1.005", "BRL")).toThrow(/more than 2 decimals/);
    expect(() => minorToDecimalString(10.5, "BRL")).toThrow(/integer/);
  });

  it("refuses unknown currencies and non-numbers", () => {
    expect(() => minorToDecimalString(100, "XXX")).toThrow(/Unsupported currency/);
    expect(() => decimalToMinor("12,50", "BRL")).toThrow(/Not a decimal/);
    expect(() => decimalToMinor(Number.NaN, "BRL")).toThrow();
  });

  it("handles zero-decimal currencies", () => {
    expect(minorToDecimalString(1500, "CLP")).toBe("1500");
    expect(decimalToMinor("1500", "CLP")).toBe(1500);
  });
});
