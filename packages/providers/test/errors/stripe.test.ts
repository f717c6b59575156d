import { describe, expect, it } from "vitest";
import { mapStripeError } from "../../src/errors/stripe.js";
import type { WireFailure } from "../../src/errors/wire-failure.js";

function answer(status: number, error: Record<string, string>, headers: Record<string, string> = {}, mutating = true): WireFailure {
  return { phase: "response", mutating, status, body: { error }, headers: { "request-id": "req_123", ...headers } };
}

describe("mapStripeError", () => {
  it("maps an over-refund by code amount_too_large", () => {
    const err = mapStripeError(answer(400, { type: "invalid_request_error", code: "amount_too_large", param: "amount", message: "x" }));
    expect(err.code).toBe("amount_exceeds_refundable");
    expect(err.failureClass).toBe("fatal");
  });

  it("maps an over-refund without a code by param and message", () => {
    const message = "Refund amount ($20.00) is greater than unrefunded amount on charge ($10.00)";
    const err = mapStripeError(answer(400, { type: "invalid_request_error", param: "amount", message }));
    expect(err.code).toBe("amount_exceeds_refundable");
    expect(err.details.provider_message).toBe(message);
    expect(err.details.provider_request_id).toBe("req_123");
    expect(err.details.http_status).toBe(400);
  });

  it("maps any other amount complaint to invalid_amount", () => {
    const err = mapStripeError(answer(400, { type: "invalid_request_error", param: "amount", message: "Amount must be at least 1" }));
    expect(err.code).toBe("invalid_amount");
  });

  it("maps charge_already_refunded to already_refunded, keeping Stripe's code", () => {
    const err = mapStripeError(answer(400, { type: "invalid_request_error", code: "charge_already_refunded", message: "Charge ch_1 has already been refunded." }));
    expect(err.code).toBe("already_refunded");
    expect(err.failureClass).toBe("fatal");
    expect(err.details.provider_code).toBe("charge_already_refunded");
  });

  it("maps resource_missing to payment_not_found", () => {
    const err = mapStripeError(answer(404, { type: "invalid_request_error", code: "resource_missing", message: "No such charge: 'ch_x'" }));
    expect(err.code).toBe("payment_not_found");
    expect(err.failureClass).toBe("fatal");
  });

  it("maps 401 to provider_auth_failed without echoing the key", () => {
    const err = mapStripeError(answer(401, { type: "invalid_request_error", message: "Invalid API Key provided: sk_test_abcdef123456" }));
    expect(err.code).toBe("provider_auth_failed");
    expect(err.failureClass).toBe("fatal");
    expect(JSON.stringify(err.toJSON())).not.toContain("sk_test_abcdef123456");
  });

  it("maps 429 rate_limit to a retryable provider_rate_limited with Retry-After", () => {
    const err = mapStripeError(answer(429, { type: "invalid_request_error", code: "rate_limit", message: "Too many requests" }, { "retry-after": "2" }));
    expect(err.code).toBe("provider_rate_limited");
    expect(err.failureClass).toBe("retryable");
    expect(err.details.retry_after_ms).toBe(2000);
  });

  it("maps lock_timeout to a retryable provider_rate_limited", () => {
    const err = mapStripeError(answer(429, { type: "invalid_request_error", code: "lock_timeout", message: "locked" }, { "stripe-should-retry": "true" }));
    expect(err.code).toBe("provider_rate_limited");
    expect(err.failureClass).toBe("retryable");
  });

  it("maps idempotency_error to a fatal invalid_request", () => {
    const err = mapStripeError(answer(400, { type: "idempotency_error", message: "Keys for idempotent requests can only be used with the same parameters" }));
    expect(err.code).toBe("invalid_request");
    expect(err.failureClass).toBe("fatal");
  });

  it("maps 409 idempotency_key_in_use to retryable", () => {
    const err = mapStripeError(answer(409, { type: "invalid_request_error", code: "idempotency_key_in_use", message: "in use" }));
    expect(err.failureClass).toBe("retryable");
    expect(err.details.provider_code).toBe("idempotency_key_in_use");
  });

  it("maps a 5xx on a refund POST to outcome_unknown (resolved by replay)", () => {
    const err = mapStripeError(answer(500, { type: "api_error", message: "boom" }));
    expect(err.code).toBe("outcome_unknown");
    expect(err.failureClass).toBe("unknown");
  });

  it("lets Stripe-Should-Retry: true make a 5xx on a POST retryable", () => {
    const err = mapStripeError(answer(503, { type: "api_error", message: "busy" }, { "stripe-should-retry": "true" }));
    expect(err.code).toBe("provider_unavailable");
    expect(err.failureClass).toBe("retryable");
  });

  it("marks a replayed stored 5xx so the adapter can settle it by read-back", () => {
    const err = mapStripeError(answer(500, { type: "api_error", message: "boom" }, { "idempotent-replayed": "true" }));
    expect(err).toMatchObject({ code: "outcome_unknown", failureClass: "unknown" });
    expect(err.details.idempotent_replayed).toBe(true);
  });

  it("maps a 5xx on a GET to a retryable provider_unavailable", () => {
    const err = mapStripeError(answer(500, { type: "api_error", message: "boom" }, {}, false));
    expect(err.code).toBe("provider_unavailable");
    expect(err.failureClass).toBe("retryable");
  });

  it("maps charge_disputed to refund_not_allowed", () => {
    expect(mapStripeError(answer(400, { type: "invalid_request_error", code: "charge_disputed", message: "disputed" })).code).toBe("refund_not_allowed");
  });

  it("maps other invalid_request_error 400s to invalid_request, and other 4xx to provider_error", () => {
    expect(mapStripeError(answer(400, { type: "invalid_request_error", param: "metadata", message: "bad" })).code).toBe("invalid_request");
    expect(mapStripeError(answer(402, { type: "card_error", code: "card_declined", message: "declined" })).code).toBe("provider_error");
  });

  it("maps transport failures by phase and method", () => {
    expect(mapStripeError({ phase: "not_sent", mutating: true, transportCode: "ECONNREFUSED" })).toMatchObject({ code: "provider_unavailable", failureClass: "retryable" });
    expect(mapStripeError({ phase: "timeout", mutating: true })).toMatchObject({ code: "outcome_unknown", failureClass: "unknown" });
    expect(mapStripeError({ phase: "timeout", mutating: false })).toMatchObject({ code: "provider_timeout", failureClass: "retryable" });
    expect(mapStripeError({ phase: "lost", mutating: true, transportCode: "ECONNRESET" })).toMatchObject({ code: "outcome_unknown", failureClass: "unknown" });
    expect(mapStripeError({ phase: "lost", mutating: false })).toMatchObject({ code: "provider_unavailable", failureClass: "retryable" });
  });
});
