import { setTimeout as sleep } from "node:timers/promises";
import { CodesparError } from "@codespar/protocol";
import type { RateLimitSignal } from "@codespar/providers";
import { DEFAULT_PACER_OPTIONS, initialPacerState, onExhausted, onLimited, reserve, type PacerOptions, type PacerState } from "./pacer-state.js";

export interface PacerConfig extends Partial<Omit<PacerOptions, "ratePerSecond">> {
  /** The provider's limit for this connection, requests per second. */
  ratePerSecond: number;
  /**
   * Fraction of the limit actually used. Requests leave exactly 1/rate apart but arrive with
   * network jitter, and a provider counting a rolling second sees two of them bunched as one
   * over the limit; a 3% gap absorbs tens of milliseconds of jitter. Default 0.97.
   */
  headroom?: number;
  /** Longest a call may wait for its slot before failing as rate limited without sending. Default 60 s. */
  maxWaitMs?: number;
}

/**
 * One connection's pace: every provider call awaits `acquire()` first. A 429 or an exhausted
 * RateLimit-Remaining slows the pace and holds new calls for Retry-After; callers already
 * waiting re-queue behind the pause rather than firing into it.
 */
/** The provider's counting window plus a margin for the network jitter between us and it. */
const WINDOW_MS = 1_025;

export class Pacer {
  private readonly opts: PacerOptions;
  private readonly maxWaitMs: number;
  private state: PacerState;
  private epoch = 0;
  private limitedCount = 0;
  /** When the last `windowLimit` requests actually left, oldest first. */
  private readonly sent: number[] = [];
  private readonly windowLimit: number;
  /** Until when (this pacer's clock) the provider said the connection's budget is spent, if it did. */
  private exhaustedUntil: number | undefined;

  constructor(config: PacerConfig, private readonly now: () => number = () => performance.now()) {
    const { maxWaitMs: _ignored, headroom = 0.97, ...tuning } = config;
    this.opts = { ...DEFAULT_PACER_OPTIONS, ...stripUndefined(tuning), ratePerSecond: config.ratePerSecond * headroom };
    this.maxWaitMs = config.maxWaitMs ?? 60_000;
    this.windowLimit = Math.max(1, Math.floor(config.ratePerSecond));
    this.state = initialPacerState(this.opts, this.now());
  }

  get ratePerSecond(): number {
    return this.opts.ratePerSecond;
  }

  /** 429s seen so far: benchmarks and tests read it to prove pacing kept them at zero. */
  get limitedSignals(): number {
    return this.limitedCount;
  }

  async acquire(): Promise<void> {
    const deadline = this.now() + this.maxWaitMs;
    await this.awaitSlot(deadline);
    await this.awaitWindow(deadline);
  }

  /** The smooth schedule: GCRA slots 1/rate apart. */
  private async awaitSlot(deadline: number): Promise<void> {
    for (;;) {
      const { waitMs, next } = reserve(this.opts, this.state, this.now());
      if (this.now() + waitMs > deadline) throw this.tooLong();
      this.state = next;
      if (waitMs <= 0) return;
      const epoch = this.epoch;
      await sleep(waitMs);
      if (epoch === this.epoch) return;
    }
  }

  /**
   * The hard guarantee, as a provider counts: at most `limit` requests actually sent in any
   * rolling second (plus a margin for network jitter). The schedule alone is not enough: when
   * the event loop stalls, due requests leave late and bunched, and the late ones then share a
   * second with requests that leave on time.
   */
  private async awaitWindow(deadline: number): Promise<void> {
    for (;;) {
      const now = this.now();
      if (this.inWindow(now) < this.windowLimit) {
        this.sent.push(now);
        return;
      }
      const waitMs = (this.sent[0] as number) + WINDOW_MS - now + 1;
      if (now + waitMs > deadline) throw this.tooLong();
      await sleep(waitMs);
    }
  }

  private tooLong(): CodesparError {
    const now = this.now();
    if (this.exhaustedUntil !== undefined && this.exhaustedUntil > now) {
      // A spent quota (Asaas: 25,000 requests per 12 h) is not a wait worth holding a batch for:
      // say when it comes back, so the dead-letter set can be retried then.
      const resetsAt = new Date(Date.now() + (this.exhaustedUntil - now)).toISOString();
      return new CodesparError("provider_rate_limited", `The provider reports this connection's request budget spent (RateLimit-Remaining: 0) until ${resetsAt}; nothing was sent. Retry after that`, { paced: true, budget_resets_at: resetsAt });
    }
    return new CodesparError("provider_rate_limited", `Waited too long for a slot under this connection's rate limit (${this.windowLimit}/s); nothing was sent`, { paced: true });
  }

  onSignal(signal: RateLimitSignal): void {
    const now = this.now();
    if (signal.limited) {
      this.limitedCount++;
      this.state = onLimited(this.opts, this.state, now, signal.retryAfterMs);
      this.epoch++;
      return;
    }
    if (signal.remaining === undefined || signal.remaining > 0) return;
    // A per-second budget no larger than the one our window holds is spent on every full
    // second at full speed: the window already keeps the next request back until the oldest
    // leaves, so nothing more is needed. Any other spent budget (a smaller limit than this
    // connection is configured for, or a longer quota such as Asaas's 12 hours) holds every
    // send until the reset.
    const perSecond = signal.retryAfterMs !== undefined && signal.retryAfterMs <= WINDOW_MS;
    if (perSecond && signal.limit !== undefined && signal.limit >= this.windowLimit) return;
    this.state = onExhausted(this.opts, this.state, now, signal.retryAfterMs);
    if (signal.retryAfterMs !== undefined) this.exhaustedUntil = now + signal.retryAfterMs;
    this.epoch++;
  }

  /** Requests sent in the rolling window ending at `now`. */
  private inWindow(now: number): number {
    while (this.sent.length > 0 && (this.sent[0] as number) <= now - WINDOW_MS) this.sent.shift();
    return this.sent.length;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
