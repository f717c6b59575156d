import { describe, expect, it } from "vitest";
import { emitRateLimitSignal, parseRetryAfterMs, rateLimitSignalFrom } from "../../src/http/rate-limit.js";

const NOW = Date.parse("2025-01-01T00:00:00Z");

describe("parseRetryAfterMs", () => {
  it("reads delta-seconds, fractions included", () => {
    expect(parseRetryAfterMs("2", NOW)).toBe(2000);
    expect(parseRetryAfterMs("0.5", NOW)).toBe(500);
  });

  it("reads an HTTP date relative to now, never negative", () => {
    expect(parseRetryAfterMs("Wed, 01 Jan 2025 00:00:03 GMT", NOW)).toBe(3000);
    expect(parseRetryAfterMs("Tue, 31 Dec 2024 23:59:00 GMT", NOW)).toBe(0);
  });

  it("ignores absent or garbled values", () => {
    expect(parseRetryAfterMs(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfterMs("soon", NOW)).toBeUndefined();
  });
});

describe("rateLimitSignalFrom", () => {
  it("says nothing for a plain answer", () => {
    expect(rateLimitSignalFrom(200, {}, NOW)).toBeUndefined();
  });

  it("marks a 429 as limited even without headers", () => {
    expect(rateLimitSignalFrom(429, {}, NOW)).toEqual({ limited: true });
  });

  it("parses Asaas's RateLimit-* headers; reset is a wait only when the budget is spent", () => {
    const open = rateLimitSignalFrom(200, { "ratelimit-limit": "25000", "ratelimit-remaining": "120", "ratelimit-reset": "60" }, NOW);
    expect(open).toEqual({ limited: false, limit: 25000, remaining: 120, resetMs: 60_000 });
    const spent = rateLimitSignalFrom(200, { "ratelimit-limit": "25000", "ratelimit-remaining": "0", "ratelimit-reset": "60" }, NOW);
    expect(spent?.retryAfterMs).toBe(60_000);
  });

  it("prefers Retry-After over RateLimit-Reset on a 429", () => {
    const s = rateLimitSignalFrom(429, { "retry-after": "1", "ratelimit-reset": "30" }, NOW);
    expect(s).toMatchObject({ limited: true, retryAfterMs: 1000, resetMs: 30_000 });
  });

  it("reads the structured form and an epoch reset", () => {
    const s = rateLimitSignalFrom(429, { "x-ratelimit-limit": "100;w=1", "x-ratelimit-reset": String(NOW / 1000 + 5) }, NOW);
    expect(s).toMatchObject({ limit: 100, retryAfterMs: 5000 });
  });
});

describe("emitRateLimitSignal", () => {
  it("does not let a throwing listener escape", () => {
    expect(() =>
      emitRateLimitSignal(
        () => {
          throw new Error("listener bug");
        },
        429,
        {},
      ),
    ).not.toThrow();
  });
});
