import type { RateLimitSignal } from "../contract.js";
import { header, type HeaderMap } from "./headers.js";

/**
 * Retry-After is either delta-seconds or an HTTP date (RFC 9110 10.2.3). Fractions are tolerated
 * because some gateways send them; a date in the past means "now".
 */
export function parseRetryAfterMs(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** RateLimit-* values may be "100" or the IETF structured form "100;w=60": the first integer counts. */
function firstInt(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /-?\d+/.exec(value);
  return m ? Number(m[0]) : undefined;
}

// Reset is delta-seconds in the IETF draft and at Asaas; some APIs send an epoch instead.
const EPOCH_THRESHOLD_SECONDS = 1_000_000_000;

function parseResetMs(value: string | undefined, now: number): number | undefined {
  const n = firstInt(value);
  if (n === undefined || n < 0) return undefined;
  if (n >= EPOCH_THRESHOLD_SECONDS) return Math.max(0, n * 1000 - now);
  return n * 1000;
}

/**
 * What a response tells a pacer: undefined when it says nothing. A reset only becomes a wait
 * (`retryAfterMs`) when the budget is spent; otherwise it is reported as `resetMs`.
 */
export function rateLimitSignalFrom(status: number | undefined, headers: HeaderMap, now: number = Date.now()): RateLimitSignal | undefined {
  const limited = status === 429;
  const retryAfter = parseRetryAfterMs(header(headers, "retry-after"), now);
  const limit = firstInt(header(headers, "ratelimit-limit") ?? header(headers, "x-ratelimit-limit"));
  const remaining = firstInt(header(headers, "ratelimit-remaining") ?? header(headers, "x-ratelimit-remaining"));
  const resetMs = parseResetMs(header(headers, "ratelimit-reset") ?? header(headers, "x-ratelimit-reset"), now);
  if (!limited && retryAfter === undefined && limit === undefined && remaining === undefined && resetMs === undefined) {
    return undefined;
  }
  const signal: RateLimitSignal = { limited };
  const exhausted = limited || remaining === 0;
  const wait = retryAfter ?? (exhausted ? resetMs : undefined);
  if (wait !== undefined) signal.retryAfterMs = wait;
  if (limit !== undefined) signal.limit = limit;
  if (remaining !== undefined) signal.remaining = remaining;
  if (resetMs !== undefined) signal.resetMs = resetMs;
  return signal;
}

/** Tells the pacer what a response said; a listener's own bug never fails the call it watches. */
export function emitRateLimitSignal(
  listener: ((signal: RateLimitSignal) => void) | undefined,
  status: number | undefined,
  headers: HeaderMap,
): void {
  if (!listener) return;
  const signal = rateLimitSignalFrom(status, headers);
  if (!signal) return;
  try {
    listener(signal);
  } catch {
    // Swallowed on purpose: a refund that happened must not be reported as failed.
  }
}
