import { describe, expect, it } from "vitest";
import { CodesparApiError, TimeoutError } from "../src/errors.js";
import { parseRetryAfter } from "../src/errors.js";
import { backoffDelay, isRetryableError, isRetryableResult, MAX_RETRY_DELAY_MS, resolveRetryPolicy } from "../src/retry.js";
import { fail, ok } from "./helpers/fake-executor.js";

const apiError = (status: number, code: string) => new CodesparApiError({ status, code, message: code });

describe("isRetryableResult", () => {
  it.each(["provider_rate_limited", "provider_unavailable", "provider_timeout", "internal_error", "rate_limited"])(
    "retries a result failed with %s",
    (code) => expect(isRetryableResult(fail("codespar_pay", code))).toBe(true),
  );

  it.each(["outcome_unknown", "payment_not_found", "already_refunded", "amount_exceeds_refundable", "unroutable_payment", "skipped", "aborted"])(
    "does not retry a result failed with %s",
    (code) => expect(isRetryableResult(fail("codespar_pay", code))).toBe(false),
  );

  it("does not retry a success, nor a failure without a code", () => {
    expect(isRetryableResult(ok("codespar_pay"))).toBe(false);
    expect(isRetryableResult({ ...fail("codespar_pay", "x"), error_code: null })).toBe(false);
  });
});

describe("isRetryableError", () => {
  it("retries a timeout", () => expect(isRetryableError(new TimeoutError("slow", 10))).toBe(true));
  it("retries a network failure (status 0, network_error)", () => expect(isRetryableError(apiError(0, "network_error"))).toBe(true));
  it("does not retry a bad API key found before sending", () => expect(isRetryableError(apiError(0, "invalid_api_key"))).toBe(false));
  it("retries HTTP 429", () => expect(isRetryableError(apiError(429, "rate_limited"))).toBe(true));
  it.each([500, 502, 503, 504])("retries HTTP %i without a more specific code", (status) =>
    expect(isRetryableError(apiError(status, "http_error"))).toBe(true),
  );
  it.each([
    [400, "invalid_request"],
    [401, "unauthorized"],
    [404, "session_not_found"],
    [410, "session_expired"],
  ])("does not retry HTTP %i %s", (status, code) => expect(isRetryableError(apiError(status, code))).toBe(false));
  it("never retries outcome_unknown, even as a 504", () => expect(isRetryableError(apiError(504, "outcome_unknown"))).toBe(false));
  it("never retries a refused provider credential, even as a 502", () =>
    expect(isRetryableError(apiError(502, "provider_auth_failed"))).toBe(false));
  it("retries a retryable catalogue code whatever the status", () => expect(isRetryableError(apiError(422, "provider_unavailable"))).toBe(true));
  it("does not retry errors that are not the SDK's", () => {
    expect(isRetryableError(new TypeError("x is not a function"))).toBe(false);
    expect(isRetryableError("boom")).toBe(false);
  });
});

describe("backoffDelay", () => {
  const top = () => 0.999999;
  const bottom = () => 0;

  it("grows linearly: baseDelay x retry number", () => {
    const policy = { backoff: "linear", baseDelay: 100 } as const;
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, top))).toEqual([100, 200, 300, 400]);
  });

  it("grows exponentially: baseDelay x 2^(retry - 1)", () => {
    const policy = { backoff: "exponential", baseDelay: 100 } as const;
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, top))).toEqual([100, 200, 400, 800]);
  });

  it("jitters down to half the nominal delay at most", () => {
    const policy = { backoff: "exponential", baseDelay: 100 } as const;
    expect(backoffDelay(3, policy, bottom)).toBe(200);
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(3, policy);
      expect(d).toBeGreaterThanOrEqual(200);
      expect(d).toBeLessThanOrEqual(400);
    }
  });

  it("caps the delay", () => {
    expect(backoffDelay(30, { backoff: "exponential", baseDelay: 1000 }, top)).toBe(MAX_RETRY_DELAY_MS);
  });

  it("waits at least as long as Retry-After asked, within the cap", () => {
    const policy = { backoff: "linear", baseDelay: 10 } as const;
    expect(backoffDelay(1, policy, top, 2000)).toBe(2000);
    expect(backoffDelay(1, policy, top, 10 * 60_000)).toBe(MAX_RETRY_DELAY_MS);
  });
});

describe("resolveRetryPolicy", () => {
  it("means no retries when absent", () => expect(resolveRetryPolicy(undefined).maxRetries).toBe(0));
  it("defaults backoff to exponential and baseDelay to 1000 ms", () =>
    expect(resolveRetryPolicy({ maxRetries: 2 })).toEqual({ maxRetries: 2, backoff: "exponential", baseDelay: 1000 }));
  it.each([-1, 1.5, Number.NaN])("rejects maxRetries %s", (maxRetries) => expect(() => resolveRetryPolicy({ maxRetries })).toThrow(RangeError));
  it("rejects an unknown backoff", () =>
    expect(() => resolveRetryPolicy({ maxRetries: 1, backoff: "fibonacci" as "linear" })).toThrow(RangeError));
  it("rejects a negative baseDelay", () => expect(() => resolveRetryPolicy({ maxRetries: 1, baseDelay: -5 })).toThrow(RangeError));
});

describe("parseRetryAfter", () => {
  it("reads delay-seconds", () => expect(parseRetryAfter("3")).toBe(3000));
  it("reads an HTTP date", () => expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:05 GMT", Date.parse("2025-01-01T00:00:00Z"))).toBe(5000));
  it("ignores absent or unreadable values", () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter("-1")).toBeUndefined();
  });
});
