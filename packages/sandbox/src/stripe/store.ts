import type { RefundEvent, RuntimeDeps, SettleResult } from "../events.js";
import type { SandboxRefundRecord, SettleOutcome } from "../types.js";
import { randomBase62 } from "../random.js";
import type { TestCard } from "./cards.js";

export function stripeId(prefix: string): string {
  return `${prefix}_3${randomBase62(23)}`;
}

function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

export interface StripeCharge {
  id: string;
  amount: number;
  currency: string;
  created: number;
  paymentIntent: string | null;
  paymentMethod: string;
  card: TestCard;
  description: string | null;
  metadata: Record<string, string>;
  amountRefunded: number;
  balanceTransaction: string;
}

export type IntentStatus = "requires_payment_method" | "requires_confirmation" | "succeeded";

export interface StripeIntent {
  id: string;
  amount: number;
  currency: string;
  created: number;
  status: IntentStatus;
  paymentMethod: string | null;
  card: TestCard | null;
  latestCharge: string | null;
  description: string | null;
  metadata: Record<string, string>;
  clientSecret: string;
}

export interface StripeRefund {
  id: string;
  amount: number;
  currency: string;
  charge: string;
  paymentIntent: string | null;
  reason: string | null;
  metadata: Record<string, string>;
  status: StripeRefundStatus;
  created: number;
  createdAt: string;
  balanceTransaction: string;
  /** Set when the refund failed: why, and the balance transaction that gave the money back. */
  failureReason: string | null;
  failureBalanceTransaction: string | null;
  idempotencyKey?: string;
}

export type StripeRefundStatus = "pending" | "succeeded" | "failed";

/**
 * The failure_reason of a refund that fails here; the same reason Stripe's test mode gives
 * for its refund-failure test card.
 */
export const SANDBOX_FAILURE_REASON = "expired_or_canceled_card";

export interface NewRefund {
  amount: number;
  reason: string | null;
  metadata: Record<string, string>;
  idempotencyKey?: string;
}

/** Stripe's objects for one emulated account, in creation order. */
export class StripeStore {
  readonly charges = new Map<string, StripeCharge>();
  readonly intents = new Map<string, StripeIntent>();
  readonly refunds = new Map<string, StripeRefund>();

  constructor(private readonly deps: RuntimeDeps) {}

  createIntent(input: Pick<StripeIntent, "amount" | "currency" | "description" | "metadata"> & { paymentMethod: string | null; card: TestCard | null }): StripeIntent {
    const id = stripeId("pi");
    const intent: StripeIntent = {
      ...input,
      id,
      created: unixNow(),
      status: input.paymentMethod ? "requires_confirmation" : "requires_payment_method",
      latestCharge: null,
      clientSecret: `${id}_secret_${randomBase62(25)}`,
    };
    this.intents.set(id, intent);
    return intent;
  }

  /** Confirms with a card that does not decline: the intent succeeds through a new charge. */
  succeedIntent(intent: StripeIntent, paymentMethod: string, card: TestCard): StripeCharge {
    const charge = this.createCharge({
      amount: intent.amount,
      currency: intent.currency,
      paymentIntent: intent.id,
      paymentMethod,
      card,
      description: intent.description,
      metadata: { ...intent.metadata },
    });
    intent.status = "succeeded";
    intent.paymentMethod = paymentMethod;
    intent.card = card;
    intent.latestCharge = charge.id;
    return charge;
  }

  createCharge(input: Pick<StripeCharge, "amount" | "currency" | "paymentIntent" | "paymentMethod" | "card" | "description" | "metadata">): StripeCharge {
    const charge: StripeCharge = {
      ...input,
      id: stripeId("ch"),
      created: unixNow(),
      amountRefunded: 0,
      balanceTransaction: stripeId("txn"),
    };
    this.charges.set(charge.id, charge);
    return charge;
  }

  /**
   * Records a refund the caller has already validated against the charge's remaining
   * amount. A pending refund already counts in amount_refunded, as at Stripe; only a
   * failure gives it back.
   */
  addRefund(charge: StripeCharge, input: NewRefund): StripeRefund {
    const now = new Date();
    const refund: StripeRefund = {
      id: stripeId("re"),
      amount: input.amount,
      currency: charge.currency,
      charge: charge.id,
      paymentIntent: charge.paymentIntent,
      reason: input.reason,
      metadata: input.metadata,
      status: this.deps.refundStartsPending() ? "pending" : "succeeded",
      created: Math.floor(now.getTime() / 1000),
      createdAt: now.toISOString(),
      balanceTransaction: stripeId("txn"),
      failureReason: null,
      failureBalanceTransaction: null,
      ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
    };
    this.refunds.set(refund.id, refund);
    charge.amountRefunded += refund.amount;
    this.emit("created", refund);
    return refund;
  }

  /** Moves a pending refund to succeeded, or to failed with its amount back on the charge. */
  settleRefund(id: string, outcome: SettleOutcome): SettleResult {
    const refund = this.refunds.get(id);
    if (!refund) return { ok: false, reason: "not_found" };
    if (refund.status !== "pending") return { ok: false, reason: "not_pending" };
    if (outcome === "failed") {
      refund.status = "failed";
      refund.failureReason = SANDBOX_FAILURE_REASON;
      refund.failureBalanceTransaction = stripeId("txn");
      const charge = this.charges.get(refund.charge);
      if (charge) charge.amountRefunded -= refund.amount;
    } else {
      refund.status = "succeeded";
    }
    this.emit("settled", refund);
    return { ok: true, record: ledgerRecord(refund) };
  }

  private emit(change: RefundEvent["change"], refund: StripeRefund): void {
    this.deps.events.emitRefund({
      type: change === "created" ? "refund.created" : "refund.updated",
      change,
      state: refund.status,
      record: ledgerRecord(refund),
      payload: refund,
    });
  }

  /** Newest first, as Stripe lists. */
  listRefunds(filter: { charge?: string; paymentIntent?: string }): StripeRefund[] {
    const out: StripeRefund[] = [];
    for (const r of this.refunds.values()) {
      if (filter.charge && r.charge !== filter.charge) continue;
      if (filter.paymentIntent && r.paymentIntent !== filter.paymentIntent) continue;
      out.push(r);
    }
    return out.reverse();
  }

  ledger(): SandboxRefundRecord[] {
    return [...this.refunds.values()].map(ledgerRecord);
  }

  clear(): void {
    this.charges.clear();
    this.intents.clear();
    this.refunds.clear();
  }
}

export function ledgerRecord(r: StripeRefund): SandboxRefundRecord {
  return {
    provider: "stripe",
    refund_id: r.id,
    payment_id: r.paymentIntent ?? r.charge,
    amount: r.amount,
    currency: r.currency.toUpperCase(),
    status: r.status,
    ...(r.idempotencyKey ? { idempotency_key: r.idempotencyKey } : {}),
    created_at: r.createdAt,
  };
}
