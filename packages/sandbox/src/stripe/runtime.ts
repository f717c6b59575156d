import type { ProviderRuntime, RunFaulted } from "../emulator.js";
import type { RuntimeDeps, SandboxEvents, SettleResult } from "../events.js";
import type { RateSnapshot } from "../faults/engine.js";
import { parseForm } from "../http/form.js";
import { header, type SandboxRequest } from "../http/request.js";
import { withHeaders, type HttpResult } from "../http/result.js";
import { answerToRemember, IdempotencyStore } from "../idempotency.js";
import { isPositiveMinor } from "../money.js";
import { randomBase62 } from "../random.js";
import type { SandboxRefundRecord, SeededPayment, SettleOutcome } from "../types.js";
import { authenticate } from "./auth.js";
import { testCard } from "./cards.js";
import type { StripeContext } from "./context.js";
import { apiError, idempotencyInUse, idempotencyMismatch, invalidParam, rateLimited, unrecognizedUrl } from "./errors.js";
import { normalizeCurrency } from "./money.js";
import { canonical, ParamError } from "./params.js";
import { stripeRoutes } from "./routes.js";
import { stripeId, StripeStore } from "./store.js";
import { StripeWebhookFormat } from "./webhooks.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const SEEDABLE_CURRENCIES = ["usd", "mxn", "brl"];

/** Stripe at the listener's root: auth, then the idempotency layer, then faults, then the endpoint. */
export class StripeRuntime implements ProviderRuntime {
  readonly provider = "stripe" as const;
  readonly shapes = { serverError: apiError, rateLimited };
  readonly events: SandboxEvents;
  readonly webhooks: StripeWebhookFormat;
  private readonly store: StripeStore;
  private readonly idempotency = new IdempotencyStore(DAY_MS);
  private readonly routes = stripeRoutes();

  constructor(
    private readonly key: string,
    deps: RuntimeDeps,
  ) {
    this.events = deps.events;
    this.store = new StripeStore(deps);
    this.webhooks = new StripeWebhookFormat(this.store);
  }

  async dispatch(req: SandboxRequest, run: RunFaulted): Promise<HttpResult | null> {
    const denied = authenticate(req, this.key);
    if (denied) return denied;
    const match = this.routes.match(req.method, req.path);
    if (!match || "methodNotAllowed" in match) return unrecognizedUrl(req.method, req.path);

    const form = parseForm(req.method === "GET" || req.method === "DELETE" ? req.query : req.body);
    const idempotencyKey = req.method === "POST" ? header(req, "idempotency-key") : undefined;
    const ctx: StripeContext = { params: match.params, form, store: this.store, idempotencyKey };
    const work = () => {
      try {
        return match.handler(ctx);
      } catch (err) {
        if (err instanceof ParamError) return err.result;
        throw err;
      }
    };
    if (idempotencyKey === undefined) return (await run(work)).response;
    if (idempotencyKey.length > 255) {
      return invalidParam("Idempotency-Key must be at most 255 characters long.", "Idempotency-Key");
    }
    return this.idempotent(idempotencyKey, `${req.method} ${req.path} ${canonical(form)}`, run, work);
  }

  /**
   * Stripe's rules: a key in flight is a 409; a finished key replays its first answer
   * (5xx included) for 24 h, but only for the same parameters.
   */
  private async idempotent(key: string, fingerprint: string, run: RunFaulted, work: () => HttpResult): Promise<HttpResult | null> {
    const seen = this.idempotency.lookup(key);
    if (seen?.state === "in-flight") return idempotencyInUse();
    if (seen?.state === "done") {
      if (seen.fingerprint !== fingerprint) return idempotencyMismatch(key);
      return withHeaders(seen.result, { "Idempotent-Replayed": "true" });
    }
    const ticket = this.idempotency.begin(key, fingerprint);
    try {
      const outcome = await run(work);
      ticket.settle(answerToRemember(outcome));
      return outcome.response;
    } catch (err) {
      ticket.settle(null);
      throw err;
    }
  }

  decorate(req: SandboxRequest, result: HttpResult, _rate: RateSnapshot | null): HttpResult {
    const extra: Record<string, string> = { "Request-Id": `req_${randomBase62(14)}` };
    const version = header(req, "stripe-version");
    if (version) extra["Stripe-Version"] = version;
    const key = req.method === "POST" ? header(req, "idempotency-key") : undefined;
    if (key) extra["Idempotency-Key"] = key;
    return withHeaders(result, extra);
  }

  createPayment(amountMinor: number, currency = "USD"): SeededPayment {
    const code = normalizeCurrency(currency);
    if (!isPositiveMinor(amountMinor)) throw new RangeError("amount must be a positive integer in minor units");
    if (!code || !SEEDABLE_CURRENCIES.includes(code)) throw new RangeError(`stripe sandbox seeds ${SEEDABLE_CURRENCIES.join(", ")} payments, not ${currency}`);
    const card = testCard("pm_card_visa");
    if (!card) throw new Error("pm_card_visa missing from the test card table");
    const intent = this.store.createIntent({ amount: amountMinor, currency: code, description: null, metadata: {}, paymentMethod: null, card: null });
    this.store.succeedIntent(intent, stripeId("pm"), card);
    return { server: "stripe", payment_id: intent.id, amount: amountMinor, currency: code.toUpperCase() };
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
