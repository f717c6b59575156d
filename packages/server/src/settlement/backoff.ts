/** The poller's schedule per refund row. Every field has a default suited to real providers. */
export interface SettlementBackoffOptions {
  /** First wait after a row becomes pending or unknown. Default 1 s. */
  baseMs: number;
  /** Longest wait between two checks of one row. Default 5 min. */
  maxMs: number;
  /** Checks of an unknown row that finds nothing at the provider before the poller leaves it to a re-run. Default 6 (about a minute). */
  unknownMaxChecks: number;
}

export const DEFAULT_SETTLEMENT_BACKOFF: SettlementBackoffOptions = { baseMs: 1000, maxMs: 5 * 60_000, unknownMaxChecks: 6 };

/** Delay before check number `checksDone + 1`: base, 2×base, 4×base … capped at max. */
export function nextCheckDelayMs(checksDone: number, o: SettlementBackoffOptions): number {
  const exp = Math.min(checksDone, 30);
  return Math.min(o.maxMs, o.baseMs * 2 ** exp);
}
