import { header } from "../http/headers.js";
import { ProviderError } from "./provider-error.js";
import {
  authFailure,
  detailsFor,
  fatal,
  rateLimitedFailure,
  serverFailure,
  transportFailure,
  type ProviderWords,
  type WireFailure,
} from "./wire-failure.js";

/** Stripe's error envelope: `{ error: { type, code, message, param, doc_url } }`. */
interface StripeErrorBody {
  type?: string;
  code?: string;
  message?: string;
  param?: string;
}

function errorBody(body: unknown): StripeErrorBody {
  if (typeof body !== "object" || body === null) return {};
  const inner = (body as { error?: unknown }).error;
  if (typeof inner !== "object" || inner === null) return {};
  const e = inner as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
  return { type: str(e.type), code: str(e.code), message: str(e.message), param: str(e.param) };
}

// Stripe's over-refund text: "Refund amount ($20.00) is greater than unrefunded amount on charge ($10.00)".
const OVER_REFUND_TEXT = /greater than (the )?(unrefunded|remaining|refundable)|exceeds? (the )?(unrefunded|remaining|refundable|charge)/i;

const NOT_REFUNDABLE_CODES = new Set(["charge_disputed", "refund_disputed_payment", "payment_intent_unexpected_state", "charge_not_refundable"]);

/**
 * Stripe failure -> our code, first matching rule wins. `Stripe-Should-Retry` is Stripe saying
 * whether a retry can help; it overrides our status-based guess in both directions except that
 * a refused write stays fatal and a business refusal is never made retryable.
 */
export function mapStripeError(f: WireFailure): ProviderError {
  const e = errorBody(f.body);
  const words: ProviderWords = { code: e.code ?? e.type, message: e.message, requestId: header(f.headers, "request-id") };
  if (f.phase !== "response" || f.status === undefined) return transportFailure("stripe", f, words);

  const status = f.status;
  const shouldRetry = header(f.headers, "stripe-should-retry");

  if (status === 401 || status === 403) return authFailure("stripe", f, words);
  if (status === 429 || e.code === "rate_limit" || e.code === "lock_timeout") return rateLimitedFailure("stripe", f, words);
  if (status === 409 || e.code === "idempotency_key_in_use") {
    return new ProviderError(
      "provider_unavailable",
      "Stripe is still processing another request with the same idempotency key; retry with the same key.",
      "retryable",
      detailsFor("stripe", f, words),
    );
  }
  if (e.type === "idempotency_error") {
    return fatal("stripe", f, "invalid_request", "Stripe refused the idempotency key: it was already used with different parameters.", words);
  }
  if (e.code === "charge_already_refunded") return fatal("stripe", f, "already_refunded", "The payment is already fully refunded at Stripe.", words);
  if (e.code === "amount_too_large" || (e.param === "amount" && OVER_REFUND_TEXT.test(e.message ?? ""))) {
    return fatal("stripe", f, "amount_exceeds_refundable", "The refund is larger than what remains refundable at Stripe.", words);
  }
  if (e.code === "resource_missing" || status === 404) return fatal("stripe", f, "payment_not_found", "Stripe has no payment with that id.", words);
  if (e.code !== undefined && NOT_REFUNDABLE_CODES.has(e.code)) {
    return fatal("stripe", f, "refund_not_allowed", "Stripe refuses a refund in the payment's current state.", words);
  }
  if (e.param === "amount" || e.code === "amount_too_small" || e.code === "parameter_invalid_integer") {
    return fatal("stripe", f, "invalid_amount", "Stripe does not accept that amount.", words);
  }
  if (status >= 500) {
    if (header(f.headers, "idempotent-replayed") === "true") {
      // A stored 5xx replayed: the first attempt has finished, so a read-back can settle it.
      const first = serverFailure("stripe", f, words);
      return new ProviderError(first.code, first.message, first.failureClass, { ...first.details, idempotent_replayed: true });
    }
    if (shouldRetry === "true") {
      return new ProviderError("provider_unavailable", `Stripe failed (HTTP ${status}) and says a retry is safe.`, "retryable", detailsFor("stripe", f, words));
    }
    return serverFailure("stripe", f, words);
  }
  if (shouldRetry === "true") {
    return new ProviderError("provider_unavailable", `Stripe answered HTTP ${status} and says a retry is safe.`, "retryable", detailsFor("stripe", f, words));
  }
  if (status === 400 && e.type === "invalid_request_error") {
    return fatal("stripe", f, "invalid_request", "Stripe rejected the request parameters.", words);
  }
  return fatal("stripe", f, "provider_error", `Stripe refused the call (HTTP ${status}).`, words);
}
