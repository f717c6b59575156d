/**
 * The one catalogue of stable error codes (DESIGN.md section 7). Callers switch on these,
 * never on message text; the README's error table is checked against this list by a test.
 */
export const ERROR_CODES = {
  unauthorized: { status: 401, retryable: false, description: "Missing, malformed or unknown API key." },
  forbidden: { status: 403, retryable: false, description: "The key may not do this (e.g. a test key on a live connection)." },
  invalid_request: { status: 400, retryable: false, description: "The request body, query or parameters are not valid." },
  not_found: { status: 404, retryable: false, description: "No such resource in this project." },
  payload_too_large: { status: 413, retryable: false, description: "The request body is larger than the server accepts." },
  rate_limited: { status: 429, retryable: true, description: "Too many API requests for this key; retry after the Retry-After header." },
  session_not_found: { status: 404, retryable: false, description: "No such session in this project." },
  session_expired: { status: 410, retryable: false, description: "The session was idle longer than the session timeout." },
  session_closed: { status: 410, retryable: false, description: "The session was closed." },
  unknown_tool: { status: 400, retryable: false, description: "No tool with that name is registered." },
  unroutable_payment: { status: 422, retryable: false, description: "The payment id matches none of the session's connected providers, or more than one." },
  provider_not_connected: { status: 422, retryable: false, description: "The session's server has no connection for this project and mode." },
  payment_not_found: { status: 404, retryable: false, description: "The provider has no payment with that id." },
  amount_exceeds_refundable: { status: 422, retryable: false, description: "The refund is larger than what remains refundable on the payment." },
  already_refunded: { status: 409, retryable: false, description: "The payment is already fully refunded." },
  invalid_amount: { status: 422, retryable: false, description: "The amount is not a positive integer of minor units that the provider accepts." },
  refund_not_allowed: { status: 422, retryable: false, description: "The provider refuses a refund in the payment's current state." },
  duplicate_refund_today: { status: 409, retryable: false, description: "Strict mode: this payment was already refunded today." },
  provider_auth_failed: { status: 502, retryable: false, description: "The provider refused the connection's credentials." },
  provider_rate_limited: { status: 503, retryable: true, description: "The provider rate-limited the call and retries were exhausted." },
  provider_unavailable: { status: 503, retryable: true, description: "The provider failed (5xx or connection error) and retries were exhausted." },
  provider_timeout: { status: 504, retryable: true, description: "The provider did not answer in time before anything was sent or applied." },
  provider_error: { status: 502, retryable: false, description: "The provider refused the call for a reason with no more specific code." },
  outcome_unknown: { status: 504, retryable: false, description: "The call may have been applied and could not be confirmed yet; it is resolved by replay or read-back, never blindly repeated." },
  skipped: { status: 200, retryable: false, description: "Loop step skipped because its `when` was false." },
  aborted: { status: 200, retryable: false, description: "Loop step not run because an earlier step failed with abortOnError." },
  webhook_secret_missing: { status: 401, retryable: false, description: "The connection has no webhook secret, so no delivery to it can be authenticated; add one to the connection's credentials." },
  webhook_signature_invalid: { status: 401, retryable: false, description: "The webhook's signature header is missing, malformed, or does not match the connection's webhook secret." },
  webhook_timestamp_stale: { status: 401, retryable: false, description: "The webhook's signed timestamp is more than 300 seconds from now: a stale or replayed delivery." },
  webhook_payload_invalid: { status: 400, retryable: false, description: "The webhook body is not a JSON event of the provider's shape." },
  internal_error: { status: 500, retryable: true, description: "Unexpected server error; the request id identifies it in the logs." },
} as const satisfies Record<string, { status: number; retryable: boolean; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}
