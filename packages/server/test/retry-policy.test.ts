import { describe, expect, it } from "vitest";
import { backoffDelayMs, shouldRetry } from "../src/ledger/retry-policy.js";
import { KeyLock } from "../src/ledger/key-lock.js";
import { deriveRefundKey } from "../src/ledger/idempotency-key.js";

const policy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000 };

describe("retry decision", () => {
  it("never retries a provider's decision", () => expect(shouldRetry("fatal", 0, policy)).toBe(false));
  it("retries retryable and unknown failures until the budget is spent", () => {
    expect(shouldRetry("retryable", 2, policy)).toBe(true);
    expect(shouldRetry("unknown", 2, policy)).toBe(true);
    expect(shouldRetry("retryable", 3, policy)).toBe(false);
  });
});

describe("back-off", () => {
  it("grows exponentially within [ceiling/2, ceiling]", () => {
    expect(backoffDelayMs(0, policy, undefined, () => 0)).toBe(50);
    expect(backoffDelayMs(0, policy, undefined, () => 1)).toBe(100);
    expect(backoffDelayMs(2, policy, undefined, () => 1)).toBe(400);
  });
  it("is capped", () => expect(backoffDelayMs(20, policy, undefined, () => 1)).toBe(1000));
  it("honours a longer Retry-After from the provider", () => expect(backoffDelayMs(0, policy, 2500, () => 0)).toBe(2500));
});

describe("refund keys", () => {
  it("are the same for the same project, payment and amount, so re-runs find the first refund", () => {
    expect(deriveRefundKey("p", "pi_1", 500)).toBe(deriveRefundKey("p", "pi_1", 500));
  });
  it("differ by project, payment, amount and full-vs-partial", () => {
    const keys = new Set([deriveRefundKey("p", "pi_1", 500), deriveRefundKey("q", "pi_1", 500), deriveRefundKey("p", "pi_2", 500), deriveRefundKey("p", "pi_1", 501), deriveRefundKey("p", "pi_1", undefined)]);
    expect(keys.size).toBe(5);
  });
});

describe("per-key lock", () => {
  it("runs work for one key one at a time and other keys in parallel", async () => {
    const lock = new KeyLock();
    const log: string[] = [];
    const work = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
    };
    await Promise.all([lock.run("k", work("a1", 30)), lock.run("k", work("a2", 1)), lock.run("other", work("b", 1))]);
    expect(log.indexOf("end a1")).toBeLessThan(log.indexOf("start a2"));
    expect(log.indexOf("start b")).toBeLessThan(log.indexOf("end a1"));
  });
  it("keeps going after a failed holder", async () => {
    const lock = new KeyLock();
    await expect(lock.run("k", async () => { throw new Error("boom"); })).rejects.toThrow("boom");
    await expect(lock.run("k", async () => 42)).resolves.toBe(42);
  });
});
