import { describe, expect, it } from "vitest";
import { formatMajor, toMajor, toMinor } from "../src/money.js";

describe("money conversion", () => {
  it("turns decimals into exact minor units", () => {
    expect(toMinor(19.99)).toBe(1999);
    expect(toMinor("19.99")).toBe(1999);
    expect(toMinor(0.1)).toBe(10);
    expect(toMinor(1.005)).toBeNull();
    expect(toMinor(50)).toBe(5000);
    expect(toMinor("10.50")).toBe(1050);
    expect(toMinor("10.500")).toBe(1050);
    expect(toMinor(-2.5)).toBe(-250);
    expect(toMinor(0.1 + 0.2)).toBeNull();
    expect(toMinor("abc")).toBeNull();
    expect(toMinor(Number.NaN)).toBeNull();
    expect(toMinor(1e21)).toBeNull();
  });

  it("turns minor units back into the same decimals", () => {
    for (const minor of [0, 1, 10, 99, 1999, 3001, 123456789]) expect(toMinor(toMajor(minor))).toBe(minor);
    expect(toMajor(1999)).toBe(19.99);
    expect(formatMajor(5)).toBe("0.05");
    expect(formatMajor(-1050)).toBe("-10.50");
  });
});
