import { mapMercadoPagoError, type MercadoPagoErrorContext } from "../errors/mercadopago.js";
import { isProviderError, ProviderError } from "../errors/provider-error.js";
import { isSuccess, JsonClient, toWireFailure, type JsonAnswer } from "../http/json-client.js";
import { baseUrlText, type CheckedConfig } from "../options.js";
import { parseMercadoPagoPayment, parseMercadoPagoRefund, type MercadoPagoPayment, type MercadoPagoRefund } from "./mapping.js";

/** The few Mercado Pago calls we make, each answer checked and each failure mapped. */
export class MercadoPagoClient {
  private readonly http: JsonClient;

  constructor(private readonly config: CheckedConfig) {
    this.http = new JsonClient({
      baseUrl: baseUrlText(config.baseUrl),
      headers: { Authorization: `Bearer ${config.apiKey}`, "User-Agent": "codespar-selfhosted" },
      timeoutMs: config.timeoutMs,
      onRateLimitSignal: config.onRateLimitSignal,
      awaitTurn: config.awaitTurn,
    });
  }

  async getPayment(paymentId: string): Promise<MercadoPagoPayment> {
    const answer = await this.request("GET", `/v1/payments/${encodeURIComponent(paymentId)}`);
    const payment = parseMercadoPagoPayment(answer.body);
    if (payment === undefined) throw garbled(false);
    return payment;
  }

  /** `amount` in decimal major units; absent refunds everything left. */
  async refund(paymentId: string, amount: number | undefined, idempotencyKey: string, ctx: MercadoPagoErrorContext): Promise<MercadoPagoRefund> {
    const body = amount === undefined ? {} : { amount };
    const answer = await this.request("POST", `/v1/payments/${encodeURIComponent(paymentId)}/refunds`, body, idempotencyKey, ctx);
    const refund = parseMercadoPagoRefund(answer.body);
    if (refund === undefined) throw garbled(true);
    return refund;
  }

  async createPayment(body: Record<string, unknown>, idempotencyKey: string): Promise<MercadoPagoPayment> {
    const answer = await this.request("POST", "/v1/payments", body, idempotencyKey);
    const payment = parseMercadoPagoPayment(answer.body);
    if (payment === undefined) throw garbled(true);
    return payment;
  }

  /**
   * Cheapest authenticated read: a one-item payment search. Mercado Pago checks the token
   * before routing, so a 404 (an emulator without search) still proves the token was accepted.
   */
  async verify(): Promise<void> {
    try {
      await this.request("GET", "/v1/payments/search?limit=1");
    } catch (err) {
      if (isProviderError(err) && err.code === "payment_not_found") return;
      throw err;
    }
  }

  private async request(
    method: "GET" | "POST",
    path: string,
    body?: unknown,
    idempotencyKey?: string,
    ctx: MercadoPagoErrorContext = {},
  ): Promise<JsonAnswer> {
    // Mercado Pago requires X-Idempotency-Key on every POST since 2023 (cause 4292 without it).
    const headers: Record<string, string> = idempotencyKey === undefined ? {} : { "X-Idempotency-Key": idempotencyKey };
    const result = await this.http.send(body === undefined ? { method, path, headers } : { method, path, body, headers });
    if (isSuccess(result)) return result;
    throw mapMercadoPagoError(toWireFailure(result, method === "POST"), ctx).withSecretRedacted(this.config.apiKey);
  }
}

/** A 2xx we cannot read: on a write it was applied, so the outcome is unknown, not failed. */
function garbled(mutating: boolean): ProviderError {
  return mutating
    ? new ProviderError("outcome_unknown", "Mercado Pago accepted the request but its answer could not be read.", "unknown", { provider: "mercadopago" })
    : new ProviderError("provider_unavailable", "Mercado Pago answered with a body that could not be read.", "retryable", { provider: "mercadopago" });
}
