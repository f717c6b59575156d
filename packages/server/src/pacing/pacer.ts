import { setTimeout as sleep } from "node:timers/promises";
import { CodesparError } from "@codespar/protocol";
import type { RateLimitSignal } from "@codespar/providers";
import { DEFAULT_PACER_OPTIONS, initialPacerState, onLimited, reserve, type PacerOptions, type PacerState } from "./pacer-state.js";

export interface PacerConfig extends Partial<Omit<PacerOptions, "ratePerSecond">> {
  ratePerSecond: number;
  /** Longest a call may wait for its slot before failing as rate limited without sending. Default 60 s. */
  maxWaitMs?: number;
}

/**
 * One connection's pace: every provider call awaits `acquire()` first. A 429 or an exhausted
 * RateLimit-Remaining slows the pace and holds new calls for Retry-After; callers already
 * waiting re-queue behind the pause rather than firing into it.
 */
export class Pacer {
  private readonly opts: PacerOptions;
  private readonly maxWaitMs: number;
  private state: PacerState;
  private epoch = 0;
  private limitedCount = 0;

  constructor(config: PacerConfig, private readonly now: () => number = () => performance.now()) {
    const { maxWaitMs: _ignored, ...tuning } = config;
    this.opts = { ...DEFAULT_PACER_OPTIONS, ...stripUndefined(tuning), ratePerSecond: config.ratePerSecond };
    this.maxWaitMs = config.maxWaitMs ?? 60_000;
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
    for (;;) {
      const { waitMs, next } = reserve(this.opts, this.state, this.now());
      if (this.now() + waitMs > deadline) {
        throw new CodesparError("provider_rate_limited", `Waited too long for a slot under this connection's rate limit (${this.opts.ratePerSecond}/s); nothing was sent`, { paced: true });
      }
      this.state = next;
      if (waitMs <= 0) return;
      const epoch = this.epoch;
      await sleep(waitMs);
      if (epoch === this.epoch) return;
    }
  }

  onSignal(signal: RateLimitSignal): void {
    const exhausted = signal.remaining !== undefined && signal.remaining <= 0;
    if (!signal.limited && !exhausted) return;
    if (signal.limited) this.limitedCount++;
    this.state = onLimited(this.opts, this.state, this.now(), signal.retryAfterMs);
    this.epoch++;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
