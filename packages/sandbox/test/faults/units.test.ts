import { describe, expect, it } from "vitest";
import { RateWindow } from "../../src/faults/rate-window.js";
import { seededRandom } from "../../src/faults/prng.js";
import { FaultConfigError, parseFaultConfig } from "../../src/faults/config.js";

describe("rolling rate window", () => {
  it("admits at most `limit` per rolling second and says when to retry", () => {
    const w = new RateWindow(1000);
    expect(w.admit(2, 0)).toEqual({ admitted: true });
    expect(w.admit(2, 400)).toEqual({ admitted: true });
    expect(w.admit(2, 500)).toEqual({ admitted: false, retryAfterMs: 500 });
    expect(w.admit(2, 1000)).toEqual({ admitted: true });
    expect(w.admit(2, 1200)).toEqual({ admitted: false, retryAfterMs: 200 });
    expect(w.count(1401)).toBe(1);
  });
});

describe("fault config and PRNG", () => {
  it("draws the same sequence for the same seed", () => {
    const a = seededRandom(123);
    const b = seededRandom(123);
    const seqA = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(124)()).not.toBe(seqA[0]);
  });

  it("validates and copies a fault config", () => {
    const input = { latencyMs: 10, errorRate: 0.5, failAfterApplyMode: "hang" as const, match: "refund", seed: 3, rateLimitPerSecond: 5 };
    const parsed = parseFaultConfig(input);
    expect(parsed).toEqual(input);
    expect(parsed).not.toBe(input);
    expect(parseFaultConfig(undefined)).toEqual({});
    expect(() => parseFaultConfig({ rateLimitPerSecond: 1.5 })).toThrow(FaultConfigError);
    expect(() => parseFaultConfig([])).toThrow(FaultConfigError);
  });
});
