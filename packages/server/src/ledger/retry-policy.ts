import type { FailureClass } from "@codespar/providers";

export interface RetryPolicyOptions {
  /** Attempts after the first for retryable failures. Default 4. */
  maxRetries: number;
  /** First back-off, ms. Default 200. */
  baseDelayMs: number;
  /** Ceiling of one back-off, ms. Default 5000. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicyOptions = { maxRetries: 4, baseDelayMs: 200, maxDelayMs: 5_000 };

/**
 * Retry only what the provider did not apply (`retryable`) or what we are about to settle by
 * replay or read-back (`unknown`); a provider's decision (`fatal`) is final.
 */
export function shouldRetry(failureClass: FailureClass, retriesDone: number, policy: RetryPolicyOptions): boolean {
  return failureClass !== "fatal" && retriesDone < policy.maxRetries;
}

/**
 * Capped exponential back-off with full jitter (AWS architecture blog): spreads a burst of
 * retries from many parallel items instead of having them collide again in lockstep. A
 * provider's own Retry-After wins when it asks for longer.
 */
export function backoffDelayMs(retriesDone: number, policy: RetryPolicyOptions, retryAfterMs?: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retriesDone);
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, policy.maxDelayMs * 6));
}
