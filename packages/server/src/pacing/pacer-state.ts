/**
 * Pacing as pure functions over a small state, so every rule is unit-tested without clocks.
 * The scheduler is GCRA (a token bucket expressed as "theoretical arrival time"): each call
 * reserves the next free slot, so N waiting callers leave exactly 1/rate apart instead of
 * waking together and bursting.
 */
export interface PacerOptions {
  /** Requests per second this connection may send. */
  ratePerSecond: number;
  /** Requests allowed back to back after idleness. Default 1 (strict spacing). */
  burst: number;
  /** Floor of the adaptive rate after 429s, as a fraction of ratePerSecond. Default 0.1. */
  minFraction: number;
  /** Multiplier applied to the rate on each 429. Default 0.7. */
  decreaseFactor: number;
  /** Fraction of ratePerSecond regained per second without a 429. Default 0.1. */
  recoveryPerSecond: number;
}

export const DEFAULT_PACER_OPTIONS: Omit<PacerOptions, "ratePerSecond"> = {
  burst: 1,
  minFraction: 0.1,
  decreaseFactor: 0.7,
  recoveryPerSecond: 0.1,
};

export interface PacerState {
  /** When the next request may leave (ms, same clock as `now`). */
  tat: number;
  /** The rate after the last 429, and when it happened; recovery is computed from these. */
  reducedRate: number;
  reducedAt: number;
}

export function initialPacerState(opts: PacerOptions, now: number): PacerState {
  return { tat: now, reducedRate: opts.ratePerSecond, reducedAt: now };
}

/** The rate in force at `now`: the reduced rate climbing linearly back to the configured one. */
export function currentRate(opts: PacerOptions, s: PacerState, now: number): number {
  const regained = ((now - s.reducedAt) / 1000) * opts.recoveryPerSecond * opts.ratePerSecond;
  return Math.min(opts.ratePerSecond, s.reducedRate + Math.max(0, regained));
}

/** Reserves a slot: returns the wait before sending and the next state. */
export function reserve(opts: PacerOptions, s: PacerState, now: number): { waitMs: number; next: PacerState } {
  const interval = 1000 / currentRate(opts, s, now);
  const sendAt = Math.max(now, s.tat - interval * (opts.burst - 1));
  return { waitMs: sendAt - now, next: { ...s, tat: Math.max(s.tat, sendAt) + interval } };
}

/**
 * The provider says the budget is spent (RateLimit-Remaining: 0) without refusing anything:
 * hold everything until the reset it gives, but keep the rate, since nothing went over.
 */
export function onExhausted(opts: PacerOptions, s: PacerState, now: number, waitMs: number | undefined): PacerState {
  const pauseUntil = now + (waitMs ?? 1000 / currentRate(opts, s, now));
  return { ...s, tat: Math.max(s.tat, pauseUntil) };
}

/** A 429: slow down, and hold everything for Retry-After. */
export function onLimited(opts: PacerOptions, s: PacerState, now: number, retryAfterMs: number | undefined): PacerState {
  const reduced = Math.max(opts.ratePerSecond * opts.minFraction, currentRate(opts, s, now) * opts.decreaseFactor);
  const pauseUntil = retryAfterMs !== undefined ? now + retryAfterMs : now + 1000 / reduced;
  return { tat: Math.max(s.tat, pauseUntil), reducedRate: reduced, reducedAt: now };
}
