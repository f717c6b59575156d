import { describe, expect, it } from "vitest";
import { DEFAULT_SETTLEMENT_BACKOFF, nextCheckDelayMs } from "../../src/settlement/backoff.js";
import { decide, rowStateOf } from "../../src/settlement/transitions.js";

describe("settlement transitions", () => {
  it("moves pending to succeeded or failed, and unknown to anything the provider shows", () => {
    expect(decide("pending", "succeeded")).toBe("apply");
    expect(decide("pending", "failed")).toBe("apply");
    expect(decide("unknown", "succeeded")).toBe("apply");
    expect(decide("unknown", "pending")).toBe("apply");
  });

  it("never moves a terminal state, nor pending back to pending", () => {
    expect(decide("succeeded", "pending")).toBe("ignore");
    expect(decide("succeeded", "failed")).toBe("ignore");
    expect(decide("failed", "succeeded")).toBe("ignore");
    expect(decide("pending", "pending")).toBe("ignore");
  });

  it("parks whatever arrives while the call is still in flight", () => {
    expect(decide("in_flight", "succeeded")).toBe("park");
  });

  it("treats a cancelled refund as failed: no money moved", () => {
    expect(rowStateOf("canceled")).toBe("failed");
  });
});

describe("poller back-off", () => {
  it("doubles from 1 s and stops at 5 min", () => {
    const o = DEFAULT_SETTLEMENT_BACKOFF;
    expect([0, 1, 2, 3].map((n) => nextCheckDelayMs(n, o))).toEqual([1000, 2000, 4000, 8000]);
    expect(nextCheckDelayMs(9, o)).toBe(300_000);
    expect(nextCheckDelayMs(1000, o)).toBe(300_000);
  });
});
