import { describe, expect, it } from "vitest";
import { mapAsaasError } from "../../src/errors/asaas.js";
import type { WireFailure } from "../../src/errors/wire-failure.js";

function refusal(code: string, description: string, status = 400): WireFailure {
  return { phase: "response", mutating: true, status, body: { errors: [{ code, description }] }, headers: {} };
}

describe("mapAsaasError", () => {
  it("maps 401 with an empty body to provider_auth_failed", () => {
    const err = mapAsaasError({ phase: "response", mutating: false, status: 401, body: undefined, headers: {} });
    expect(err.code).toBe("provider_auth_failed");
    expect(err.failureClass).toBe("fatal");
    expect(err.details.http_status).toBe(401);
  });

  it("maps 404 to payment_not_found", () => {
    const err = mapAsaasError({ phase: "response", mutating: false, status: 404, body: { errors: [{ code: "not_found", description: "Cobrança não encontrada." }] } });
    expect(err.code).toBe("payment_not_found");
    expect(err.details.provider_code).toBe("not_found");
  });

  it.each([
    ["invalid_value", "O valor informado é maior que o valor disponível para estorno."],
    ["invalid_value", "O valor do estorno excede o saldo da cobrança."],
    ["invalid_action", "Refund value exceeds the remaining payment value."],
    ["invalid_value", "O valor excede o valor já estornado da cobrança."],
  ])("maps over-refund %s \"%s\" to amount_exceeds_refundable", (code, description) => {
    const err = mapAsaasError(refusal(code, description));
    expect(err.code).toBe("amount_exceeds_refundable");
    expect(err.failureClass).toBe("fatal");
    expect(err.details.provider_message).toBe(description);
  });

  it.each([
    ["invalid_action", "Esta cobrança já foi estornada."],
    ["invalid_action", "Cobrança estornada."],
    ["invalid_action", "Payment already refunded."],
  ])("maps already-refunded %s \"%s\" to already_refunded", (code, description) => {
    expect(mapAsaasError(refusal(code, description)).code).toBe("already_refunded");
  });

  it.each([
    ["invalid_action", "Não é possível estornar uma cobrança com status PENDING."],
    ["invalid_action", "Esta cobrança não pode ser estornada."],
    ["invalid_action", "Saldo insuficiente."],
  ])("maps refusals %s \"%s\" to refund_not_allowed", (code, description) => {
    expect(mapAsaasError(refusal(code, description)).code).toBe("refund_not_allowed");
  });

  it("reads \"maior que zero\" as a bad amount, not an over-refund", () => {
    expect(mapAsaasError(refusal("invalid_value", "O valor deve ser maior que zero.")).code).toBe("invalid_amount");
  });

  it("maps other 400s to invalid_request", () => {
    expect(mapAsaasError(refusal("invalid_customer", "Cliente inválido.")).code).toBe("invalid_request");
  });

  it("maps 429 to a retryable provider_rate_limited with Retry-After", () => {
    const err = mapAsaasError({ phase: "response", mutating: true, status: 429, headers: { "retry-after": "3" } });
    expect(err).toMatchObject({ code: "provider_rate_limited", failureClass: "retryable" });
    expect(err.details.retry_after_ms).toBe(3000);
  });

  it("maps a 5xx on the refund POST to outcome_unknown, on a GET to retryable", () => {
    expect(mapAsaasError({ phase: "response", mutating: true, status: 502 })).toMatchObject({ code: "outcome_unknown", failureClass: "unknown" });
    expect(mapAsaasError({ phase: "response", mutating: false, status: 503 })).toMatchObject({ code: "provider_unavailable", failureClass: "retryable" });
  });

  it("maps timeouts and refused connections by phase", () => {
    expect(mapAsaasError({ phase: "timeout", mutating: true })).toMatchObject({ code: "outcome_unknown", failureClass: "unknown" });
    expect(mapAsaasError({ phase: "timeout", mutating: false })).toMatchObject({ code: "provider_timeout", failureClass: "retryable" });
    expect(mapAsaasError({ phase: "not_sent", mutating: true })).toMatchObject({ code: "provider_unavailable", failureClass: "retryable" });
  });
});
