import { describe, expect, it } from "vitest";
import { DEFAULT_PACER_OPTIONS, currentRate, initialPacerState, onLimited, reserve, type PacerOptions } from "../src/pacing/pacer-state.js";
import { Pacer } from "../src/pacing/pacer.js";

const opts: PacerOptions = { ...DEFAULT_PACER_OPTIONS, ratePerSecond: 10 };

describe("pacing rules (GCRA)", () => {
  it("spaces consecutive reservations exactly 1/rate apart", () => {
    let s = initialPacerState(opts, 0);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = reserve(opts, s, 0);
      waits.push(r.waitMs);
      s = r.next;
    }
    expect(waits).toEqual([0, 100, 200, 300, 400]);
  });

  it("does not bank idle time beyond the burst", () => {
    let s = initialPacerState(opts, 0);
    s = reserve(opts, s, 0).next;
    const later = reserve(opts, s, 5_000);
    expect(later.waitMs).toBe(0);
    expect(reserve(opts, later.next, 5_000).waitMs).toBe(100);
  });

  it("allows a burst when configured", () => {
    const bursty = { ...opts, burst: 3 };
    let s = initialPacerState(bursty, 0);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = reserve(bursty, s, 0);
      waits.push(r.waitMs);
      s = r.next;
    }
    expect(waits).toEqual([0, 0, 0, 100]);
  });

  it("slows down on a 429, honours Retry-After, and recovers linearly", () => {
    const s = onLimited(opts, initialPacerState(opts, 0), 0, 2_000);
    expect(currentRate(opts, s, 0)).toBeCloseTo(7);
    expect(reserve(opts, s, 0).waitMs).toBe(2_000);
    expect(currentRate(opts, s, 1_000)).toBeCloseTo(8);
    expect(currentRate(opts, s, 10_000)).toBe(10);
  });

  it("never drops below the floor", () => {
    let s = initialPacerState(opts, 0);
    for (let i = 0; i < 50; i++) s = onLimited(opts, s, 0, undefined);
    expect(currentRate(opts, s, 0)).toBeCloseTo(1);
  });
});

describe("Pacer", () => {
  it("holds a configured rate in real time within a few percent", async () => {
    const pacer = new Pacer({ ratePerSecond: 50 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 51 }, () => pacer.acquire()));
    const elapsed = performance.now() - started;
    // 51 calls at 50/s: the last leaves at 1000 ms.
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(elapsed).toBeLessThan(1_400);
  });

  it("never lets more than the limit leave in any rolling second, even when the schedule would allow a burst", async () => {
    const pacer = new Pacer({ ratePerSecond: 5, burst: 10, headroom: 1 });
    const started = performance.now();
    const times: number[] = [];
    await Promise.all(Array.from({ length: 10 }, async () => {
      await pacer.acquire();
      times.push(performance.now() - started);
    }));
    times.sort((a, b) => a - b);
    expect(times[4]).toBeLessThan(200);
    expect(times[5]).toBeGreaterThanOrEqual(1000);
  });

  it("fails a call that would wait past its bound without sending it", async () => {
    const pacer = new Pacer({ ratePerSecond: 1, maxWaitMs: 500 });
    await pacer.acquire();
    await expect(pacer.acquire()).rejects.toMatchObject({ code: "provider_rate_limited" });
  });

  it("makes waiting callers re-queue behind a Retry-After pause", async () => {
    const pacer = new Pacer({ ratePerSecond: 20 });
    await pacer.acquire();
    const started = performance.now();
    const waiting = pacer.acquire();
    pacer.onSignal({ limited: true, retryAfterMs: 300 });
    await waiting;
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(pacer.limitedSignals).toBe(1);
  });
});

describe("Pacer and RateLimit-Remaining", () => {
  it("keeps its pace when a per-second budget of the size it holds is spent", async () => {
    const pacer = new Pacer({ ratePerSecond: 20 });
    await pacer.acquire();
    pacer.onSignal({ limited: false, limit: 20, remaining: 0, retryAfterMs: 1000, resetMs: 1000 });
    const started = performance.now();
    await pacer.acquire();
    expect(performance.now() - started).toBeLessThan(300);
    expect(pacer.limitedSignals).toBe(0);
  });

  it("holds every send until the reset when the spent budget is smaller or longer than its own, without slowing down after", async () => {
    const smaller = new Pacer({ ratePerSecond: 20 });
    await smaller.acquire();
    smaller.onSignal({ limited: false, limit: 10, remaining: 0, retryAfterMs: 400, resetMs: 400 });
    let started = performance.now();
    await smaller.acquire();
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);

    const quota = new Pacer({ ratePerSecond: 20 });
    await quota.acquire();
    quota.onSignal({ limited: false, limit: 25_000, remaining: 0, retryAfterMs: 1_500, resetMs: 1_500 });
    started = performance.now();
    await quota.acquire();
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_490);
    // Back at full pace at once: 10 more at 19.4/s take about half a second, not the 30% slower pace after a 429.
    started = performance.now();
    for (let i = 0; i < 10; i++) await quota.acquire();
    expect(performance.now() - started).toBeLessThan(650);
  });
});

describe("Pacer and a spent quota", () => {
  it("fails at once without sending, saying when the provider's budget comes back", async () => {
    const pacer = new Pacer({ ratePerSecond: 10, maxWaitMs: 200 });
    await pacer.acquire();
    // Asaas's 12-hour quota spent: RateLimit-Remaining 0, RateLimit-Reset in hours.
    pacer.onSignal({ limited: false, limit: 25_000, remaining: 0, retryAfterMs: 3 * 3_600_000, resetMs: 3 * 3_600_000 });
    const started = performance.now();
    const err = await pacer.acquire().catch((e: unknown) => e as { code: string; message: string; details: { budget_resets_at: string } });
    expect(performance.now() - started).toBeLessThan(100);
    expect(err).toMatchObject({ code: "provider_rate_limited", details: { paced: true } });
    const resetsAt = Date.parse(err.details.budget_resets_at);
    expect(Math.abs(resetsAt - (Date.now() + 3 * 3_600_000))).toBeLessThan(5_000);
    expect(err.message).toContain("request budget spent");
    expect(err.message).toContain("nothing was sent");
  });
});
