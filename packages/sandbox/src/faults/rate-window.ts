/** Outcome of asking the window to admit one more request. */
export type Admission = { admitted: true } | { admitted: false; retryAfterMs: number };

/**
 * A rolling-window counter: at most `limit` admitted requests in any window of
 * `windowMs`. Refused requests are not recorded, so a client that backs off
 * gets through as soon as the oldest admitted request leaves the window.
 */
export class RateWindow {
  private stamps: number[] = [];

  constructor(private readonly windowMs = 1000) {}

  admit(limit: number, now = Date.now()): Admission {
    this.evict(now);
    if (this.stamps.length >= limit) {
      const oldest = this.stamps[0] ?? now;
      return { admitted: false, retryAfterMs: Math.max(1, oldest + this.windowMs - now) };
    }
    this.stamps.push(now);
    return { admitted: true };
  }

  /** Requests admitted in the current window. */
  count(now = Date.now()): number {
    this.evict(now);
    return this.stamps.length;
  }

  reset(): void {
    this.stamps = [];
  }

  private evict(now: number): void {
    let drop = 0;
    while (drop < this.stamps.length && (this.stamps[drop] as number) <= now - this.windowMs) drop++;
    if (drop > 0) this.stamps = this.stamps.slice(drop);
  }
}
