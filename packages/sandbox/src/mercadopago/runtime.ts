import type { ProviderRuntime, RunFaulted } from "../emulator.js";
import type { RuntimeDeps, SandboxEvents, SettleResult } from "../events.js";
import type { RateSnapshot } from "../faults/engine.js";
import { parseJsonObject } from "../http/json.js";
import { header, type SandboxRequest } from "../http/request.js";
import { withHeaders, type HttpResult } from "../http/result.js";
import { IdempotencyStore } from "../idempotency.js";
import { isPositiveMinor } from "../money.js";
import type { SandboxRefundRecord, SeededPayment, SettleOutcome } from "../types.js";
import { randomUUID } from "node:crypto";
import type { MpContext } from "./context.js";
import { badRequest, missingIdempotencyKey, rateLimited, resourceNotFound, serverError, unauthorized, type MpCause } from "./errors.js";
import { MP_CURRENCIES } from "./payments.js";
import { mercadoPagoRoutes, REFUNDS_PATH } from "./routes.js";
import { MpStore } from "./store.js";
import { MercadoPagoWebhookFormat } from "./webhooks.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Mercado Pago at the listener root. X-Idempotency-Key is required on refunds (4292
 * without it) and optional on payment creation; a key that already produced a success
 * replays it, and a request arriving while the same key is in flight waits for it.
 */
export class MercadoPagoRuntime implements ProviderRuntime {
  readonly provider = "mercadopago" as const;
  readonly shapes = { serverError, rateLimited };
  readonly events: SandboxEvents;
  readonly webhooks: MercadoPagoWebhookFormat;
  private readonly store: MpStore;
  private readonly idempotency = new IdempotencyStore(DAY_MS);
  private readonly routes = mercadoPagoRoutes();

  constructor(
    private readonly key: string,
    deps: RuntimeDeps,
    private readonly overRefundCause: MpCause,
  ) {
    this.events = deps.events;
    this.store = new MpStore(deps);
    this.webhooks = new MercadoPagoWebhookFormat(this.store);
  }

  async dispatch(req: SandboxRequest, run: RunFaulted): Promise<HttpResult | null> {
    const auth = header(req, "authorization") ?? "";
    if (!/^bearer\s/i.test(auth) || auth.slice(7).trim() !== this.key) return unauthorized();
    const match = this.routes.match(req.method, req.path);
    if (!match || "methodNotAllowed" in match) return resourceNotFound();
    const body = parseJsonObject(req.body);
    if (body === null) return badRequest(1, "Params Error.", "Invalid JSON body");

    const idempotencyKey = req.method === "POST" ? header(req, "x-idempotency-key")?.trim() || undefined : undefined;
    if (req.method === "POST" && REFUNDS_PATH.test(req.path) && !idempotencyKey) return missingIdempotencyKey();
    const ctx: MpContext = { params: match.params, body, store: this.store, idempotencyKey, overRefundCause: this.overRefundCause };
    const work = () => match.handler(ctx);
    if (!idempotencyKey) return (await run(work)).response;
    return this.idempotent(`${req.path.replace(/\/+$/, "")} ${idempotencyKey}`, run, work);
  }

  /** Only successes are remembered: MP documents that a key prevents a second refund, nothing more. */
  private async idempotent(scope: string, run: RunFaulted, work: () => HttpResult): Promise<HttpResult | null> {
    for (;;) {
      const seen = this.idempotency.lookup(scope);
      if (seen?.state === "done") return seen.result;
      if (seen?.state === "in-flight") {
        await seen.settled;
        continue;
      }
      break;
    }
    const ticket = this.idempotency.begin(scope, "");
    try {
      const outcome = await run(work);
      const handled = outcome.handled;
      ticket.settle(handled && handled.status >= 200 && handled.status < 300 ? handled : null);
      return outcome.response;
    } catch (err) {
      ticket.settle(null);
      throw err;
    }
  }

  decorate(_req: SandboxRequest, result: HttpResult, _rate: RateSnapshot | null): HttpResult {
    return withHeaders(result, { "X-Request-Id": randomUUID() });
  }

  createPayment(amountMinor: number, currency = "BRL"): SeededPayment {
    if (!isPositiveMinor(amountMinor)) throw new RangeError("amount must be a positive integer in minor units");
    const code = currency.toUpperCase();
    if (!MP_CURRENCIES.includes(code)) throw new RangeError(`mercadopago sandbox seeds ${MP_CURRENCIES.join(", ")} payments, not ${currency}`);
    const payment = this.store.addPayment({
      amount: amountMinor,
      currency: code,
      paymentMethodId: "pix",
      paymentTypeId: "bank_transfer",
      description: null,
      payerEmail: "test_user_sandbox@testuser.com",
      externalReference: null,
      metadata: {},
      installments: 1,
    });
    return { server: "mercadopago", payment_id: String(payment.id), amount: amountMinor, currency: code };
  }

  ledger(): SandboxRefundRecord[] {
    return this.store.ledger();
  }

  settleRefund(refundId: string, outcome: SettleOutcome): SettleResult {
    return this.store.settleRefund(refundId, outcome);
  }

  reset(): void {
    this.store.clear();
    this.idempotency.clear();
  }
}
