import { CodesparApiError, TimeoutError } from "./errors.js";
import type { RetryPolicy } from "./loop-types.js";
import type { ToolResult } from "./types.js";

/** Transient by nature: the same call may well succeed a moment later. */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  "provider_rate_limited",
  "provider_unavailable",
  "provider_timeout",
  "internal_error",
  "rate_limited",
]);

/**
 * Never retried even when the HTTP status looks transient: `outcome_unknown` may already have
 * moved money and is settled by read-back, and a refused credential will be refused again.
 */
const NEVER_RETRY: ReadonlySet<string> = new Set(["outcome_unknown", "provider_auth_failed", "provider_error"]);

export const MAX_RETRY_DELAY_MS = 30_000;
export const DEFAULT_BASE_DELAY_MS = 1_000;

export interface ResolvedRetryPolicy {
  maxRetries: number;
  backoff: "linear" | "exponential";
  baseDelay: number;
}

export function isRetryableResult(result: ToolResult): boolean {
  return !result.success && result.error_code !== null && RETRYABLE_CODES.has(result.error_code);
}

export function isRetryableError(err: unknown): boolean {
  if (err instanceof TimeoutError) return true;
  if (!(err instanceof CodesparApiError)) return false;
  if (NEVER_RETRY.has(err.code)) return false;
  if (RETRYABLE_CODES.has(err.code)) return true;
  if (err.status === 0) return err.code === "network_error";
  return err.status === 429 || err.status >= 500;
}

/**
 * Delay before retry number `retry` (1 for the first retry): the nominal linear or exponential
 * delay, jittered down to between half and all of it so parallel callers spread out, never
 * shorter than a Retry-After the server sent, and capped at MAX_RETRY_DELAY_MS.
 */
export function backoffDelay(
  retry: number,
  policy: Pick<ResolvedRetryPolicy, "backoff" | "baseDelay">,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  const nominal = policy.backoff === "linear" ? policy.baseDelay * retry : policy.baseDelay * 2 ** (retry - 1);
  const jittered = Math.min(nominal, MAX_RETRY_DELAY_MS) * (0.5 + random() / 2);
  return Math.round(Math.min(Math.max(jittered, retryAfterMs ?? 0), MAX_RETRY_DELAY_MS));
}

export function retryAfterOf(err: unknown): number | undefined {
  return err instanceof CodesparApiError ? err.retryAfterMs : undefined;
}

export function resolveRetryPolicy(policy: RetryPolicy | undefined): ResolvedRetryPolicy {
  if (policy === undefined) return { maxRetries: 0, backoff: "exponential", baseDelay: DEFAULT_BASE_DELAY_MS };
  const { maxRetries, backoff = "exponential", baseDelay = DEFAULT_BASE_DELAY_MS } = policy;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new RangeError(`retryPolicy.maxRetries must be a non-negative integer, got ${String(maxRetries)}`);
  }
  if (backoff !== "linear" && backoff !== "exponential") {
    throw new RangeError(`retryPolicy.backoff must be "linear" or "exponential", got ${String(backoff)}`);
  }
  if (!Number.isFinite(baseDelay) || baseDelay < 0) {
    throw new RangeError(`retryPolicy.baseDelay must be a non-negative number of milliseconds, got ${String(baseDelay)}`);
  }
  return { maxRetries, backoff, baseDelay };
}
