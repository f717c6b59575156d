import { CodesparError, type ErrorCode } from "@codespar/protocol";
import type { FailureClass, ProviderFailure, ProviderFailureDetails } from "../contract.js";
import { scrubSecrets } from "./scrub.js";

/**
 * A provider call that did not succeed, with how it may be handled (`failureClass`) and the
 * provider's own words in `details`. Messages and details pass through `scrubSecrets` so a
 * provider echoing a credential back can never leak it into our logs or API answers.
 */
export class ProviderError extends CodesparError implements ProviderFailure {
  readonly failureClass: FailureClass;
  declare readonly details: ProviderFailureDetails;

  constructor(code: ErrorCode, message: string, failureClass: FailureClass, details: ProviderFailureDetails) {
    super(code, scrubSecrets(message), cleanDetails(details));
    this.name = "ProviderError";
    this.failureClass = failureClass;
  }

  /** A copy with one more secret (the connection's own key) removed from message and details. */
  withSecretRedacted(secret: string): ProviderError {
    const extra = [secret];
    const redacted: ProviderFailureDetails = { ...this.details };
    for (const [k, v] of Object.entries(redacted)) {
      if (typeof v === "string") redacted[k] = scrubSecrets(v, extra);
    }
    return new ProviderError(this.code, scrubSecrets(this.message, extra), this.failureClass, redacted);
  }
}

export function isProviderError(err: unknown): err is ProviderError {
  return err instanceof ProviderError;
}

function cleanDetails(details: ProviderFailureDetails): ProviderFailureDetails {
  const out: ProviderFailureDetails = { provider: details.provider };
  for (const [k, v] of Object.entries(details)) {
    if (v === undefined) continue;
    out[k] = typeof v === "string" ? scrubSecrets(v) : v;
  }
  return out;
}
