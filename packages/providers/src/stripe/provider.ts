import type Stripe from "stripe";
import type {
  Capability,
  CreatePaymentInput,
  PaymentProvider,
  PaymentSnapshot,
  ProviderConnectionConfig,
  ProviderRefund,
  RefundInput,
  RefundOutcome,
} from "../contract.js";
import { isProviderError, ProviderError } from "../errors/provider-error.js";
import { mapStripeError } from "../errors/stripe.js";
import { normalizeHeaders } from "../http/headers.js";
import { emitRateLimitSignal } from "../http/rate-limit.js";
import { checkConfig, type CheckedConfig } from "../options.js";
import { checkCreatePaymentInput, checkRefundInput } from "../refund-input.js";
import { createStripeSdk, stripeWireFailure } from "./client.js";
import {
  IDEMPOTENCY_METADATA_KEY,
  STRIPE_PAYMENT_ID,
  isStripeRefundReason,
  refundedTotal,
  stripeChargeState,
  stripeIntentState,
  toProviderRefund,
} from "./mapping.js";
import { refundOutcome } from "./outcome.js";

type WithLastResponse = { lastResponse: { headers: Record<string, string>; statusCode: number } };

/** Stripe through its official SDK; Stripe's own idempotency makes every refund safe to replay. */
export class StripeProvider implements PaymentProvider {
  static readonly id = "stripe" as const;
  readonly id = StripeProvider.id;
  readonly capabilities: readonly Capability[] = ["refund", "status", "pay"];
  private readonly config: CheckedConfig;
  private readonly sdk: Stripe;

  constructor(config: ProviderConnectionConfig) {
    this.config = checkConfig("stripe", config);
    this.sdk = createStripeSdk(this.config);
  }

  matchesPaymentId(paymentId: string): boolean {
    return STRIPE_PAYMENT_ID.test(paymentId);
  }

  async refund(input: RefundInput): Promise<RefundOutcome> {
    checkRefundInput("stripe", input, (id) => this.matchesPaymentId(id));
    const metadata: Record<string, string> = { ...input.metadata, [IDEMPOTENCY_METADATA_KEY]: input.idempotencyKey };
    const params: Stripe.RefundCreateParams = input.paymentId.startsWith("ch_")
      ? { charge: input.paymentId }
      : { payment_intent: input.paymentId };
    if (input.amount !== undefined) params.amount = input.amount;
    if (input.reason !== undefined && isStripeRefundReason(input.reason)) params.reason = input.reason;
    else if (input.reason !== undefined && input.reason !== "") metadata.reason = input.reason.slice(0, 500);
    params.metadata = metadata;

    let refund: Stripe.Response<Stripe.Refund>;
    try {
      refund = await this.call(true, () => this.sdk.refunds.create(params, { idempotencyKey: input.attemptKey ?? input.idempotencyKey }));
    } catch (err) {
      if (!isReplayedServerFailure(err)) throw err;
      const settled = await this.findRefundByKey(input);
      if (settled === undefined) throw keySpent(err);
      return refundOutcome(settled, input.paymentId, true);
    }
    const replayed = normalizeHeaders(refund.lastResponse.headers)["idempotent-replayed"] === "true";
    return refundOutcome(refund, input.paymentId, replayed);
  }

  /**
   * Stripe stores a 5xx under the idempotency key and replays it for 24 h, so replay alone can
   * never settle it. A replay means the first attempt has finished: a refund carrying our key
   * in its metadata means it was applied.
   */
  private async findRefundByKey(input: RefundInput): Promise<Stripe.Refund | undefined> {
    const refunds = await this.listRefunds(input.paymentId.startsWith("ch_") ? { charge: input.paymentId } : { payment_intent: input.paymentId });
    return refunds.find((r) => r.metadata?.[IDEMPOTENCY_METADATA_KEY] === input.idempotencyKey && r.status !== "failed" && r.status !== "canceled");
  }

  async getPayment(paymentId: string): Promise<PaymentSnapshot> {
    if (paymentId.startsWith("ch_")) {
      const charge = await this.call(false, () => this.sdk.charges.retrieve(paymentId));
      const refunds = (await this.listRefunds({ charge: paymentId })).map(toProviderRefund);
      const amount = charge.amount_captured > 0 ? charge.amount_captured : charge.amount;
      const refunded = refundedTotal(refunds);
      return {
        paymentId,
        amount,
        currency: charge.currency.toUpperCase(),
        amountRefunded: refunded,
        state: stripeChargeState(charge.status, amount, refunded, charge.refunded === true),
        providerStatus: charge.status,
        refunds,
        raw: charge,
      };
    }
    const intent = await this.call(false, () => this.sdk.paymentIntents.retrieve(paymentId));
    const refunds = (await this.listRefunds({ payment_intent: paymentId })).map(toProviderRefund);
    return this.intentSnapshot(intent, refunds);
  }

  async createPayment(input: CreatePaymentInput): Promise<PaymentSnapshot> {
    checkCreatePaymentInput("stripe", input);
    const params: Stripe.PaymentIntentCreateParams = {
      amount: input.amount,
      currency: input.currency.toLowerCase(),
      confirm: true,
      payment_method: "pm_card_visa",
      // Redirect-based methods would make a server-side confirm demand a return_url.
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      metadata: { [IDEMPOTENCY_METADATA_KEY]: input.idempotencyKey },
    };
    if (input.description !== undefined) params.description = input.description;
    if (input.customer?.email !== undefined) params.receipt_email = input.customer.email;
    const intent = await this.call(true, () => this.sdk.paymentIntents.create(params, { idempotencyKey: input.idempotencyKey }));
    return this.intentSnapshot(intent, []);
  }

  async verifyConnection(): Promise<void> {
    await this.call(false, () => this.sdk.refunds.list({ limit: 1 }));
  }

  private intentSnapshot(intent: Stripe.PaymentIntent, refunds: ProviderRefund[]): PaymentSnapshot {
    const amount = intent.amount_received > 0 ? intent.amount_received : intent.amount;
    const refunded = refundedTotal(refunds);
    return {
      paymentId: intent.id,
      amount,
      currency: intent.currency.toUpperCase(),
      amountRefunded: refunded,
      state: stripeIntentState(intent.status, amount, refunded),
      providerStatus: intent.status,
      refunds,
      raw: intent,
    };
  }

  private async listRefunds(filter: { charge: string } | { payment_intent: string }): Promise<Stripe.Refund[]> {
    const out: Stripe.Refund[] = [];
    let startingAfter: string | undefined;
    // A payment rarely has more than a handful of refunds; the cap only guards against a loop.
    for (let page = 0; page < 50; page++) {
      const params: Stripe.RefundListParams = { ...filter, limit: 100 };
      if (startingAfter !== undefined) params.starting_after = startingAfter;
      const list = await this.call(false, () => this.sdk.refunds.list(params));
      out.push(...list.data);
      const last = list.data[list.data.length - 1];
      if (!list.has_more || last === undefined) break;
      startingAfter = last.id;
    }
    return out;
  }

  /** One SDK call (one request: the SDK's retries are off): paced first, rate-limit headers to the pacer, failures through `mapStripeError`. */
  private async call<T>(mutating: boolean, fn: () => Promise<T & WithLastResponse>): Promise<T & WithLastResponse> {
    await this.config.awaitTurn?.();
    try {
      const res = await fn();
      emitRateLimitSignal(this.config.onRateLimitSignal, res.lastResponse.statusCode, normalizeHeaders(res.lastResponse.headers));
      return res;
    } catch (err) {
      const failure = stripeWireFailure(err, mutating);
      if (failure === undefined) throw err;
      if (failure.status !== undefined) emitRateLimitSignal(this.config.onRateLimitSignal, failure.status, failure.headers ?? {});
      throw mapStripeError(failure).withSecretRedacted(this.config.apiKey);
    }
  }
}

function isReplayedServerFailure(err: unknown): err is ProviderError {
  return isProviderError(err) && err.code === "outcome_unknown" && err.details.idempotent_replayed === true;
}

/** The first attempt finished without refunding, and Stripe will replay that failure for 24 h. */
function keySpent(err: ProviderError): ProviderError {
  return new ProviderError(
    "provider_error",
    "Stripe stored a failure under this idempotency key and no refund was made; retrying needs a new key.",
    "fatal",
    { ...err.details, idempotency_key_spent: true },
  );
}
