import { mapAsaasError } from "../errors/asaas.js";
import { ProviderError } from "../errors/provider-error.js";
import { isSuccess, JsonClient, toWireFailure, type JsonAnswer } from "../http/json-client.js";
import { baseUrlText, type CheckedConfig } from "../options.js";
import { parseAsaasPayment, type AsaasPayment } from "./mapping.js";

/** https://api.asaas.com -> https://api.asaas.com/v3; a base already ending in /v3 is kept. */
export function asaasApiBase(config: CheckedConfig): string {
  const base = baseUrlText(config.baseUrl);
  return /\/v3$/.test(base) ? base : `${base}/v3`;
}

/** The few Asaas v3 calls we make, each answer checked and each failure mapped. */
export class AsaasClient {
  private readonly http: JsonClient;

  constructor(private readonly config: CheckedConfig) {
    this.http = new JsonClient({
      baseUrl: asaasApiBase(config),
      // Asaas authenticates with `access_token` (not Bearer) and rejects requests without a User-Agent.
      headers: { access_token: config.apiKey, "User-Agent": "codespar-selfhosted" },
      timeoutMs: config.timeoutMs,
      onRateLimitSignal: config.onRateLimitSignal,
      awaitTurn: config.awaitTurn,
    });
  }

  getPayment(paymentId: string): Promise<AsaasPayment> {
    return this.payment(this.request("GET", `/payments/${encodeURIComponent(paymentId)}`));
  }

  refund(paymentId: string, body: { value?: number; description: string }): Promise<JsonAnswer> {
    return this.request("POST", `/payments/${encodeURIComponent(paymentId)}/refund`, body);
  }

  async createCustomer(body: { name: string; cpfCnpj: string; email?: string }): Promise<string> {
    const answer = await this.request("POST", "/customers", body);
    const id = (answer.body as { id?: unknown } | undefined)?.id;
    if (typeof id !== "string") throw this.garbled(true);
    return id;
  }

  createPayment(body: Record<string, unknown>): Promise<AsaasPayment> {
    return this.payment(this.request("POST", "/payments", body), true);
  }

  receiveInCash(paymentId: string, body: { paymentDate: string; value: number; notifyCustomer: boolean }): Promise<AsaasPayment> {
    return this.payment(this.request("POST", `/payments/${encodeURIComponent(paymentId)}/receiveInCash`, body), true);
  }

  /** The newest payment created with this externalReference (our idempotency key), if any. */
  async findPaymentByReference(reference: string): Promise<AsaasPayment | undefined> {
    const answer = await this.request("GET", `/payments?externalReference=${encodeURIComponent(reference)}&limit=1`);
    const data = (answer.body as { data?: unknown } | undefined)?.data;
    if (!Array.isArray(data)) throw this.garbled(false);
    return data.length === 0 ? undefined : parseAsaasPayment(data[0]);
  }

  /** Cheapest authenticated read: one page of one payment. */
  async verify(): Promise<void> {
    await this.request("GET", "/payments?limit=1");
  }

  async request(method: "GET" | "POST", path: string, body?: unknown): Promise<JsonAnswer> {
    const result = await this.http.send(body === undefined ? { method, path } : { method, path, body });
    if (isSuccess(result)) return result;
    throw mapAsaasError(toWireFailure(result, method === "POST")).withSecretRedacted(this.config.apiKey);
  }

  private async payment(answer: Promise<JsonAnswer>, mutating = false): Promise<AsaasPayment> {
    const payment = parseAsaasPayment((await answer).body);
    if (payment === undefined) throw this.garbled(mutating);
    return payment;
  }

  /** A 2xx we cannot read: on a write it was applied, so the outcome is unknown, not failed. */
  garbled(mutating: boolean): ProviderError {
    return mutating
      ? new ProviderError("outcome_unknown", "Asaas accepted the request but its answer could not be read.", "unknown", { provider: "asaas" })
      : new ProviderError("provider_unavailable", "Asaas answered with a body that could not be read.", "retryable", { provider: "asaas" });
  }
}
