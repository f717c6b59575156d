import { describe, expect, it } from "vitest";
import { mapMercadoPagoError } from "../../src/errors/mercadopago.js";
import type { WireFailure } from "../../src/errors/wire-failure.js";

function mp(status: number, message: string, causes: Array<{ code: number | string; description?: string }> = [], error = "bad_request"): WireFailure {
  return { phase: "response", mutating: true, status, body: { message, error, status, cause: causes }, headers: { "x-request-id": "rid-1" } };
}

describe("mapMercadoPagoError", () => {
  it("maps cause 2000 and any 404 to payment_not_found", () => {
    expect(mapMercadoPagoError(mp(404, "Payment not found", [{ code: 2000, description: "Payment not found" }], "not_found")).code).toBe("payment_not_found");
    expect(mapMercadoPagoError(mp(404, "not_found", [], "not_found")).code).toBe("payment_not_found");
  });

  it("maps 2063 to already_refunded when the payment reads refunded", () => {
    const err = mapMercadoPagoError(mp(400, "The action requested is not valid for the current payment state", [{ code: 2063 }]), { paymentStatus: "refunded" });
    expect(err.code).toBe("already_refunded");
    expect(err.details.provider_code).toBe("2063");
    expect(err.details.provider_request_id).toBe("rid-1");
  });

  it("maps 2063 to refund_not_allowed otherwise", () => {
    expect(mapMercadoPagoError(mp(400, "invalid state", [{ code: "2063" }]), { paymentStatus: "pending" }).code).toBe("refund_not_allowed");
  });

  it("maps 2024 and 3024 to refund_not_allowed", () => {
    expect(mapMercadoPagoError(mp(400, "Payment too old to be refunded", [{ code: 2024 }])).code).toBe("refund_not_allowed");
    expect(mapMercadoPagoError(mp(400, "Not valid action - partial refund unsupported", [{ code: 3024 }])).code).toBe("refund_not_allowed");
  });

  it("maps 4040 to invalid_amount and 4292 to invalid_request", () => {
    expect(mapMercadoPagoError(mp(400, "amount attribute must be positive", [{ code: 4040 }])).code).toBe("invalid_amount");
    expect(mapMercadoPagoError(mp(400, "Header X-Idempotency-Key can't be null", [{ code: 4292 }])).code).toBe("invalid_request");
  });

  it.each(["The refund amount exceeds the available amount", "Amount is greater than the payment amount", "El monto a devolver supera el monto disponible"])(
    "maps over-refund wording \"%s\" to amount_exceeds_refundable",
    (message) => expect(mapMercadoPagoError(mp(400, message)).code).toBe("amount_exceeds_refundable"),
  );

  it("finds over-refund wording in a cause description too", () => {
    expect(mapMercadoPagoError(mp(400, "bad_request", [{ code: 9999, description: "Refund amount exceeds payment amount" }])).code).toBe("amount_exceeds_refundable");
  });

  it("maps 401 to provider_auth_failed", () => {
    expect(mapMercadoPagoError(mp(401, "invalid access token", [], "unauthorized"))).toMatchObject({ code: "provider_auth_failed", failureClass: "fatal" });
  });

  it("maps 429 to a retryable provider_rate_limited", () => {
    const f = mp(429, "too many requests");
    f.headers = { "retry-after": "1" };
    expect(mapMercadoPagoError(f)).toMatchObject({ code: "provider_rate_limited", failureClass: "retryable" });
  });

  it("maps a 5xx on the refund POST to outcome_unknown and on a GET to retryable", () => {
    expect(mapMercadoPagoError(mp(500, "internal_error"))).toMatchObject({ code: "outcome_unknown", failureClass: "unknown" });
    expect(mapMercadoPagoError({ ...mp(500, "internal_error"), mutating: false })).toMatchObject({ code: "provider_unavailable", failureClass: "retryable" });
  });

  it("maps other 400s to invalid_request", () => {
    expect(mapMercadoPagoError(mp(400, "invalid parameter", [{ code: 1234, description: "x" }])).code).toBe("invalid_request");
  });

  it("accepts a cause given as an object rather than a list", () => {
    const f: WireFailure = { phase: "response", mutating: true, status: 400, body: { message: "m", cause: { code: 4040 } } };
    expect(mapMercadoPagoError(f).code).toBe("invalid_amount");
  });
});
