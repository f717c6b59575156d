import type { RefundState } from "@codespar/providers";
import type { RefundAttemptState } from "../storage/index.js";

/**
 * How far a refund row has come. A change is applied only when it moves a row forward:
 * unknown (and in flight) < pending < succeeded | failed. Terminal states never move, so a late
 * "pending" after "succeeded" (webhooks arrive out of order) changes nothing.
 */
const RANK: Record<RefundAttemptState, number> = { in_flight: 0, unknown: 0, pending: 1, succeeded: 2, failed: 2 };

/** Our row state for a provider's refund state; a cancelled refund moved no money, like a failed one. */
export function rowStateOf(state: RefundState): "succeeded" | "pending" | "failed" {
  if (state === "succeeded") return "succeeded";
  if (state === "pending") return "pending";
  return "failed";
}

export function isTerminal(state: RefundAttemptState): boolean {
  return state === "succeeded" || state === "failed";
}

export type TransitionDecision = "apply" | "ignore" | "park";

/**
 * What to do with an observed state for a row. A row still in flight belongs to its call: the
 * observation is kept (parked) and applied when the call has written its own outcome, so the
 * call's write never overwrites a settlement that raced it.
 */
export function decide(current: RefundAttemptState, observed: RefundAttemptState): TransitionDecision {
  if (current === "in_flight") return "park";
  return RANK[observed] > RANK[current] ? "apply" : "ignore";
}
