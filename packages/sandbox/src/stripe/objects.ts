import type { StripeCharge, StripeIntent, StripeRefund, StripeStore } from "./store.js";

/**
 * JSON shapes of Stripe objects, limited to the fields refund flows read but always with
 * `object` and `livemode` so SDK code that switches on them behaves as in test mode.
 */

export function listObject(data: unknown[], hasMore: boolean, url: string): Record<string, unknown> {
  return { object: "list", data, has_more: hasMore, url };
}

export function refundObject(store: StripeStore, r: StripeRefund, expand: readonly string[] = []): Record<string, unknown> {
  const charge = store.charges.get(r.charge);
  const intent = r.paymentIntent ? store.intents.get(r.paymentIntent) : undefined;
  // Stripe shows the failure fields only on refunds that failed.
  const failure = r.status === "failed" ? { failure_balance_transaction: r.failureBalanceTransaction, failure_reason: r.failureReason } : {};
  return {
    id: r.id,
    object: "refund",
    amount: r.amount,
    balance_transaction: r.balanceTransaction,
    charge: expand.includes("charge") && charge ? chargeObject(store, charge) : r.charge,
    created: r.created,
    currency: r.currency,
    ...failure,
    metadata: r.metadata,
    payment_intent: expand.includes("payment_intent") && intent ? intentObject(store, intent) : r.paymentIntent,
    reason: r.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: r.status,
    transfer_reversal: null,
  };
}

export function chargeObject(store: StripeStore, c: StripeCharge, expand: readonly string[] = []): Record<string, unknown> {
  const intent = c.paymentIntent ? store.intents.get(c.paymentIntent) : undefined;
  const object: Record<string, unknown> = {
    id: c.id,
    object: "charge",
    amount: c.amount,
    amount_captured: c.amount,
    amount_refunded: c.amountRefunded,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: c.balanceTransaction,
    captured: true,
    created: c.created,
    currency: c.currency,
    customer: null,
    description: c.description,
    disputed: false,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: c.metadata,
    outcome: { network_status: "approved_by_network", reason: null, risk_level: "normal", seller_message: "Payment complete.", type: "authorized" },
    paid: true,
    payment_intent: expand.includes("payment_intent") && intent ? intentObject(store, intent) : c.paymentIntent,
    payment_method: c.paymentMethod,
    payment_method_details: {
      type: "card",
      card: { brand: c.card.brand, last4: c.card.last4, country: c.card.country, funding: c.card.funding },
    },
    receipt_url: null,
    refunded: c.amountRefunded >= c.amount,
    status: "succeeded",
  };
  // Since API version 2022-11-15 a charge's refunds are only present when expanded.
  if (expand.includes("refunds")) {
    const refunds = store.listRefunds({ charge: c.id });
    object.refunds = {
      ...listObject(refunds.map((r) => refundObject(store, r)), false, `/v1/charges/${c.id}/refunds`),
      total_count: refunds.length,
    };
  }
  return object;
}

export function intentObject(store: StripeStore, pi: StripeIntent, expand: readonly string[] = []): Record<string, unknown> {
  const charge = pi.latestCharge ? store.charges.get(pi.latestCharge) : undefined;
  return {
    id: pi.id,
    object: "payment_intent",
    amount: pi.amount,
    amount_capturable: 0,
    amount_received: pi.status === "succeeded" ? pi.amount : 0,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic",
    client_secret: pi.clientSecret,
    confirmation_method: "automatic",
    created: pi.created,
    currency: pi.currency,
    customer: null,
    description: pi.description,
    last_payment_error: null,
    latest_charge: expand.includes("latest_charge") && charge ? chargeObject(store, charge) : pi.latestCharge,
    livemode: false,
    metadata: pi.metadata,
    next_action: null,
    payment_method: pi.paymentMethod,
    payment_method_types: ["card"],
    status: pi.status,
  };
}
