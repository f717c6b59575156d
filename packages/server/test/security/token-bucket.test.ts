import { describe, expect, it } from "vitest";
import { TokenBuckets } from "../../src/http/token-bucket.js";

const T0 = 1_000_000;

describe("token buckets per client", () => {
  it("lets a rested client make `burst` requests at once, then refuses with Retry-After", () => {
    const b = new TokenBuckets({ ratePerSecond: 10, burst: 3 });
    expect([1, 2, 3].map(() => b.take("k", T0).remaining)).toEqual([2, 1, 0]);
    const refused = b.take("k", T0);
    expect(refused).toMatchObject({ allowed: false, limit: 3, remaining: 0, retryAfterSeconds: 1 });
  });

  it("refills at the rate: one more request per 1/rate seconds", () => {
    const b = new TokenBuckets({ ratePerSecond: 10, burst: 2 });
    b.take("k", T0);
    b.take("k", T0);
    expect(b.take("k", T0 + 50).allowed).toBe(false);
    expect(b.take("k", T0 + 100).allowed).toBe(true);
    expect(b.take("k", T0 + 100).allowed).toBe(false);
  });

  it("a refused request takes nothing, so a client hammering at the limit still gets the rate", () => {
    const b = new TokenBuckets({ ratePerSecond: 1, burst: 1 });
    expect(b.take("k", T0).allowed).toBe(true);
    for (let ms = 100; ms < 1000; ms += 100) expect(b.take("k", T0 + ms).allowed).toBe(false);
    expect(b.take("k", T0 + 1000).allowed).toBe(true);
  });

  it("never holds more than the burst, however long the client rested", () => {
    const b = new TokenBuckets({ ratePerSecond: 100, burst: 5 });
    b.take("k", T0);
    expect(b.take("k", T0 + 3_600_000).remaining).toBe(4);
  });

  it("keeps clients apart", () => {
    const b = new TokenBuckets({ ratePerSecond: 1, burst: 1 });
    expect(b.take("key:a", T0).allowed).toBe(true);
    expect(b.take("key:a", T0).allowed).toBe(false);
    expect(b.take("key:b", T0).allowed).toBe(true);
    expect(b.take("ip:127.0.0.1", T0).allowed).toBe(true);
  });

  it("says when the bucket is full again (RateLimit-Reset) and rounds Retry-After up", () => {
    const b = new TokenBuckets({ ratePerSecond: 0.5, burst: 2 });
    expect(b.take("k", T0).resetSeconds).toBe(2);
    expect(b.take("k", T0).resetSeconds).toBe(4);
    expect(b.take("k", T0)).toMatchObject({ allowed: false, retryAfterSeconds: 2, resetSeconds: 4 });
    expect(b.take("k", T0 + 1500)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
  });

  it("a clock stepping backwards refills nothing", () => {
    const b = new TokenBuckets({ ratePerSecond: 1, burst: 1 });
    b.take("k", T0);
    expect(b.take("k", T0 - 60_000).allowed).toBe(false);
    expect(b.take("k", T0 + 1000).allowed).toBe(true);
  });

  it("forgets clients whose bucket has refilled once it remembers too many, and keeps the others", () => {
    const b = new TokenBuckets({ ratePerSecond: 1, burst: 2, sweepAbove: 100 });
    for (let i = 0; i < 150; i++) b.take(`ip:10.0.0.${i}`, T0);
    expect(b.size).toBe(150);
    // Ten seconds on, every one of those addresses has refilled; the busy key has just emptied its bucket.
    b.take("key:busy", T0 + 10_000);
    b.take("key:busy", T0 + 10_000);
    for (let i = 0; i < 60; i++) b.take(`ip:10.0.1.${i}`, T0 + 10_000);
    expect(b.size).toBeLessThan(100);
    expect(b.take("key:busy", T0 + 10_000).allowed).toBe(false);
  });

  it("refuses nonsense options at construction", () => {
    expect(() => new TokenBuckets({ ratePerSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => new TokenBuckets({ ratePerSecond: Number.NaN, burst: 1 })).toThrow(RangeError);
    expect(() => new TokenBuckets({ ratePerSecond: 1, burst: 0 })).toThrow(RangeError);
    expect(() => new TokenBuckets({ ratePerSecond: 1, burst: 1.5 })).toThrow(RangeError);
  });
});
