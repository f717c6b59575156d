import { saoPauloDate } from "../dates.js";
import type { ProviderRuntime, RunFaulted } from "../emulator.js";
import type { RuntimeDeps, SandboxEvents, SettleResult } from "../events.js";
import type { RateSnapshot } from "../faults/engine.js";
import { parseJsonObject } from "../http/json.js";
import { header, type SandboxRequest } from "../http/request.js";
import { withHeaders, type HttpResult } from "../http/result.js";
import { isPositiveMinor } from "../money.js";
import type { SandboxRefundRecord, SeededPayment, SettleOutcome } from "../types.js";
import type { AsaasContext } from "./context.js";
import { invalid, notFound, rateLimited, serverError, unauthorized } from "./errors.js";
import { AsaasQuota } from "./quota.js";
import { asaasRoutes } from "./routes.js";
import { AsaasStore, type AsaasCustomer } from "./store.js";
import { AsaasWebhookFormat } from "./webhooks.js";

const SEED_REFERENCE = "codespar-sandbox-seed";

/** Asaas under /v3: User-Agent and access_token checks, then faults, then the endpoint. No idempotency. */
export class AsaasRuntime implements ProviderRuntime {
  readonly provider = "asaas" as const;
  readonly shapes = { serverError, rateLimited };
  readonly events: SandboxEvents;
  readonly webhooks: AsaasWebhookFormat;
  private readonly store: AsaasStore;
  private readonly quota = new AsaasQuota();
  private readonly routes = asaasRoutes();

  constructor(
    private readonly key: string,
    deps: RuntimeDeps,
  ) {
    this.events = deps.events;
    this.store = new AsaasStore(deps);
    this.webhooks = new AsaasWebhookFormat(this.store);
  }

  async dispatch(req: SandboxRequest, run: RunFaulted): Promise<HttpResult | null> {
    if (!header(req, "user-agent")?.trim()) {
      return invalid("invalid_user_agent", "O header User-Agent é obrigatório. Informe o nome da sua aplicação.");
    }
    if (header(req, "access_token") !== this.key) return unauthorized();
    const match = this.routes.match(req.method, req.path);
    if (!match || "methodNotAllowed" in match) return notFound();
    const body = parseJsonObject(req.body);
    if (body === null) return invalid("invalid_object", "O corpo da requisição deve ser um objeto JSON válido.");
    const ctx: AsaasContext = { params: match.params, body, query: new URLSearchParams(req.query), store: this.store };
    return (await run(() => match.handler(ctx))).response;
  }

  decorate(_req: SandboxRequest, result: HttpResult, rate: RateSnapshot | null): HttpResult {
    const quota = this.quota.take();
    const shown = rate ?? quota;
    return withHeaders(result, {
      "RateLimit-Limit": String(shown.limit),
      "RateLimit-Remaining": String(shown.remaining),
      "RateLimit-Reset": String(shown.resetSeconds),
    });
  }

  createPayment(amountMinor: number, currency = "BRL"): SeededPayment {
    if (!isPositiveMinor(amountMinor)) throw new RangeError("amount must be a positive integer in minor units");
    if (currency.toUpperCase() !== "BRL") throw new RangeError(`asaas only charges BRL, not ${currency}`);
    const today = saoPauloDate();
    const payment = this.store.addPayment({
      customer: this.seedCustomer().id,
      billingType: "PIX",
      value: amountMinor,
      status: "RECEIVED",
      dueDate: today,
      paymentDate: today,
      description: null,
      externalReference: null,
    });
    return { server: "asaas", payment_id: payment.id, amount: amountMinor, currency: "BRL" };
  }

  private seedCustomer(): AsaasCustomer {
    for (const c of this.store.customers.values()) if (c.externalReference === SEED_REFERENCE) return c;
    return this.store.addCustomer({
      name: "Sandbox Customer",
      email: "customer@sandbox.codespar.dev",
      cpfCnpj: "24971563792",
      phone: null,
      mobilePhone: null,
      externalReference: SEED_REFERENCE,
    });
  }

  ledger(): SandboxRefundRecord[] {
    return this.store.ledger();
  }

  settleRefund(refundId: string, outcome: SettleOutcome): SettleResult {
    return this.store.settleRefund(refundId, outcome);
  }

  reset(): void {
    this.store.clear();
    this.quota.reset();
  }
}
