import { isMinorAmount, type ErrorCode } from "@codespar/protocol";
import type { CreatePaymentInput, ProviderId, RefundInput } from "./contract.js";
import { ProviderError } from "./errors/provider-error.js";
import { providerName } from "./errors/wire-failure.js";

function refuse(provider: ProviderId, code: ErrorCode, message: string, field: string): ProviderError {
  return new ProviderError(code, message, "fatal", { provider, field });
}

/**
 * Checks made before anything is sent, so a bad input is a clean fatal error rather than a
 * provider round-trip (and, at Asaas, a request spent from the 12-hour budget).
 */
export function checkRefundInput(provider: ProviderId, input: RefundInput, matches: (id: string) => boolean, maxKeyLength = 255): void {
  if (typeof input.paymentId !== "string" || !matches(input.paymentId)) {
    throw refuse(provider, "invalid_request", `payment_id is not a ${providerName(provider)} payment id.`, "payment_id");
  }
  if (input.amount !== undefined && !isMinorAmount(input.amount)) {
    throw refuse(provider, "invalid_amount", "amount must be a positive integer of minor units.", "amount");
  }
  checkKey(provider, input.idempotencyKey, maxKeyLength);
}

export function checkCreatePaymentInput(provider: ProviderId, input: CreatePaymentInput, maxKeyLength = 255): void {
  if (!isMinorAmount(input.amount)) throw refuse(provider, "invalid_amount", "amount must be a positive integer of minor units.", "amount");
  if (typeof input.currency !== "string" || !/^[A-Za-z]{3}$/.test(input.currency)) {
    throw refuse(provider, "invalid_request", "currency must be a three-letter ISO code.", "currency");
  }
  checkKey(provider, input.idempotencyKey, maxKeyLength);
}

function checkKey(provider: ProviderId, key: unknown, maxKeyLength: number): void {
  if (typeof key !== "string" || key.trim() === "" || key.length > maxKeyLength) {
    throw refuse(provider, "invalid_request", `idempotency_key must be 1 to ${maxKeyLength} characters.`, "idempotency_key");
  }
}
