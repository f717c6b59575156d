import { json, type HttpResult } from "../http/result.js";

export interface MpCause {
  code: number;
  description: string;
}

/** Mercado Pago's envelope: { message, error, status, cause: [{ code, description }] }. */
export function mpError(status: number, error: string, message: string, cause: MpCause[] = [], headers?: Record<string, string>): HttpResult {
  return json(status, { message, error, status, cause }, headers);
}

export function badRequest(code: number, description: string, message = description): HttpResult {
  return mpError(400, "bad_request", message, [{ code, description }]);
}

export function paymentNotFound(): HttpResult {
  return mpError(404, "not_found", "Payment not found", [{ code: 2000, description: "Payment not found" }]);
}

export function refundNotFound(): HttpResult {
  return mpError(404, "not_found", "Refund not found", [{ code: 2032, description: "Refund not found" }]);
}

export function resourceNotFound(): HttpResult {
  return mpError(404, "not_found", "resource not found");
}

export function unauthorized(): HttpResult {
  return mpError(401, "unauthorized", "invalid access token");
}

export function missingIdempotencyKey(): HttpResult {
  return badRequest(4292, "Header X-Idempotency-Key can't be null");
}

export function serverError(): HttpResult {
  return mpError(500, "internal_server_error", "Internal server error");
}

export function rateLimited(retryAfterSeconds: number): HttpResult {
  return mpError(429, "too_many_requests", "Too many requests", [], { "Retry-After": String(retryAfterSeconds) });
}

/**
 * Mercado Pago does not document its answer to a refund above what is left. The
 * sandbox picks 2085 ("Invalid value for gateway_operation"), the only documented 400
 * for this endpoint that is about the operation's value rather than the payment's state;
 * MercadoPagoEmulatorOptions.overRefundCause swaps it so adapters can be tested for
 * tolerance to whatever the real API sends.
 */
export const DEFAULT_OVER_REFUND_CAUSE: MpCause = { code: 2085, description: "Invalid value for gateway_operation" };
