import { defined, readDuration, readRate, readSeed, settingsObject } from "../config/checks.js";
import type { RefundBehaviour } from "../types.js";

/** Wait before a pending refund settles when settleAfterMs is not given. */
export const DEFAULT_SETTLE_AFTER_MS = 200;

const KNOWN = ["pendingRate", "settleAfterMs", "settleJitterMs", "failRate", "seed"] as const;

/** Validates an untrusted RefundBehaviour (options or control API JSON) and copies it. */
export function parseRefundBehaviour(input: unknown): RefundBehaviour {
  const o = settingsObject(input, "refund behaviour", KNOWN);
  return defined<RefundBehaviour>({
    pendingRate: readRate(o, "pendingRate"),
    settleAfterMs: readDuration(o, "settleAfterMs"),
    settleJitterMs: readDuration(o, "settleJitterMs"),
    failRate: readRate(o, "failRate"),
    seed: readSeed(o),
  });
}
