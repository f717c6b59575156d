import { randomSeed, seededRandom, type Random } from "../faults/prng.js";
import type { RefundBehaviour, SettleOutcome } from "../types.js";
import { DEFAULT_SETTLE_AFTER_MS, parseRefundBehaviour } from "./behaviour.js";

/** Applies a settlement; the settler does not care whether the refund was still pending. */
export type Settle = (refundId: string, outcome: SettleOutcome) => void;

/**
 * Decides which new refunds start pending and settles them later on timers it owns.
 * One seeded PRNG per emulator: the same seed and the same refunds give the same
 * pending/failed choices and delays. Every timer is cleared by reset() and close().
 */
export class RefundSettler {
  private behaviour: RefundBehaviour = {};
  private random: Random = seededRandom(0);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(
    behaviour: RefundBehaviour | undefined,
    private readonly settle: Settle,
  ) {
    this.set(behaviour ?? {});
  }

  set(behaviour: RefundBehaviour): void {
    this.behaviour = parseRefundBehaviour(behaviour);
    this.random = seededRandom(this.behaviour.seed ?? randomSeed());
  }

  get(): RefundBehaviour {
    return { ...this.behaviour };
  }

  /** Asked by the provider store for each new refund. */
  startsPending(): boolean {
    return this.roll(this.behaviour.pendingRate);
  }

  /** Arms the timer that settles a refund that was just created pending. */
  schedule(refundId: string): void {
    if (this.closed) return;
    const b = this.behaviour;
    const delay = (b.settleAfterMs ?? DEFAULT_SETTLE_AFTER_MS) + (b.settleJitterMs ? this.random() * b.settleJitterMs : 0);
    // Decided now, not when the timer fires, so the PRNG sequence follows refund order only.
    const outcome: SettleOutcome = this.roll(b.failRate) ? "failed" : "succeeded";
    this.cancel(refundId);
    const timer = setTimeout(() => {
      this.timers.delete(refundId);
      this.settle(refundId, outcome);
    }, delay);
    this.timers.set(refundId, timer);
  }

  /** Disarms a refund's timer, e.g. because it is being settled by hand. */
  cancel(refundId: string): void {
    const timer = this.timers.get(refundId);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(refundId);
  }

  /** Refunds still waiting for their timer. */
  scheduled(): number {
    return this.timers.size;
  }

  /** Drops every timer (the refunds they belong to are being forgotten) and restarts the sequence. */
  reset(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.random = seededRandom(this.behaviour.seed ?? randomSeed());
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private roll(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.random() < rate;
  }
}
