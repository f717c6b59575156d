import { json, type HttpResult } from "../http/result.js";
import { toMinor } from "../money.js";
import { optionalString, type AsaasContext } from "./context.js";
import { invalid, notFound, reais } from "./errors.js";
import { paymentObject } from "./objects.js";
import type { PaymentStatus } from "./store.js";

const REFUNDABLE: readonly PaymentStatus[] = ["RECEIVED", "CONFIRMED", "RECEIVED_IN_CASH"];

/**
 * POST /v3/payments/:id/refund { value?, description? }. No idempotency, like Asaas:
 * the same request twice refunds twice while there is something left to refund.
 */
export function refundPayment({ params, body, store }: AsaasContext): HttpResult {
  const payment = store.payments.get(params.id ?? "");
  if (!payment) return notFound("Cobrança não encontrada.");
  if (payment.status === "REFUNDED") return invalid("invalid_action", "Esta cobrança já foi estornada.");
  if (!REFUNDABLE.includes(payment.status)) {
    return invalid("invalid_action", `Não é possível estornar uma cobrança com situação ${payment.status}.`);
  }
  const remaining = payment.value - store.refunded(payment);
  if (remaining <= 0) return invalid("invalid_action", "Esta cobrança já foi estornada.");
  let value = remaining;
  if (body.value !== undefined && body.value !== null) {
    const asked = toMinor(body.value);
    if (asked === null || asked <= 0) {
      return invalid("invalid_value", "O valor do estorno deve ser maior que zero e ter no máximo duas casas decimais.");
    }
    value = asked;
  }
  if (value > remaining) {
    return invalid(
      "invalid_value",
      `O valor informado para estorno (${reais(value)}) é maior que o valor disponível para estorno desta cobrança (${reais(remaining)}).`,
    );
  }
  store.addRefund(payment, value, optionalString(body.description));
  return json(200, paymentObject(payment));
}
