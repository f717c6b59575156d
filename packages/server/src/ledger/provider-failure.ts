import { CodesparError, isCodesparError } from "@codespar/protocol";
import type { FailureClass } from "@codespar/providers";

export interface ClassifiedFailure {
  code: string;
  message: string;
  failureClass: FailureClass;
  details: Record<string, unknown>;
  retryAfterMs?: number;
}

/**
 * Any error from an adapter call, as a classified failure. An error that is not one of ours
 * (a bug, a TypeError in a client) during a money-moving call is `unknown`: we cannot prove
 * the provider did not act, so it is settled by read-back, never assumed harmless.
 */
export function classifyFailure(err: unknown): ClassifiedFailure {
  if (isCodesparError(err)) {
    const failureClass = (err as CodesparError & { failureClass?: FailureClass }).failureClass ?? "fatal";
    const details = err.details ?? {};
    const retryAfter = details.retry_after_ms;
    return {
      code: err.code,
      message: err.message,
      failureClass,
      details,
      ...(typeof retryAfter === "number" ? { retryAfterMs: retryAfter } : {}),
    };
  }
  return {
    code: "outcome_unknown",
    message: "The provider call failed unexpectedly; its outcome is being confirmed by reading the payment back",
    failureClass: "unknown",
    details: { cause: err instanceof Error ? err.name : typeof err },
  };
}
