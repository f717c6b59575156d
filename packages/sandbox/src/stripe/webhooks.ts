import type { RefundEvent } from "../events.js";
import { randomBase62 } from "../random.js";
import type { WebhookTarget } from "../types.js";
import { hmacSha256Hex } from "../webhooks/hmac.js";
import type { SignedRequest, WebhookEvent, WebhookFormat } from "../webhooks/message.js";
import { chargeObject, refundObject } from "./objects.js";
import { stripeId, type StripeRefund, type StripeStore } from "./store.js";

/**
 * The API version events are rendered in. At Stripe that is the account's default
 * version; the sandbox's objects do not change shape between versions, so one fixed
 * recent version stands for it.
 */
export const STRIPE_EVENT_API_VERSION = "2024-06-20";

type StripeEventType = "refund.created" | "refund.updated" | "refund.failed" | "charge.refunded";

/**
 * Stripe's events for a refund change: refund.created on creation, refund.updated on a
 * status change (plus refund.failed when it failed), and charge.refunded whenever money
 * actually went back to the customer. Signed with Stripe-Signature (t=…,v1=…).
 */
export class StripeWebhookFormat implements WebhookFormat {
  constructor(private readonly store: StripeStore) {}

  events(change: RefundEvent, endpoints: number): WebhookEvent[] {
    const refund = this.store.refunds.get(change.record.refund_id);
    if (!refund) return [];
    const make = (type: StripeEventType, previous?: Record<string, unknown>) => this.event(type, refund, change, endpoints, previous);
    if (change.change === "created") {
      return refund.status === "succeeded" ? [make("refund.created"), make("charge.refunded")] : [make("refund.created")];
    }
    const previous = { status: "pending" };
    if (refund.status === "failed") return [make("refund.updated", previous), make("refund.failed")];
    return [make("refund.updated", previous), make("charge.refunded")];
  }

  sign(target: WebhookTarget, event: WebhookEvent, now: Date): SignedRequest {
    return { url: target.url, headers: stripeWebhookHeaders(target.secret, event.body, now) };
  }

  private event(
    type: StripeEventType,
    refund: StripeRefund,
    change: RefundEvent,
    endpoints: number,
    previous?: Record<string, unknown>,
  ): WebhookEvent {
    const charge = this.store.charges.get(refund.charge);
    const object = type === "charge.refunded" && charge ? chargeObject(this.store, charge) : refundObject(this.store, refund);
    // Events caused by an API call name it; the later settlement is Stripe's own doing.
    const request =
      change.change === "created"
        ? { id: `req_${randomBase62(14)}`, idempotency_key: refund.idempotencyKey ?? null }
        : { id: null, idempotency_key: null };
    const body = {
      id: stripeId("evt"),
      object: "event",
      api_version: STRIPE_EVENT_API_VERSION,
      created: Math.floor(Date.now() / 1000),
      data: previous ? { object, previous_attributes: previous } : { object },
      livemode: false,
      pending_webhooks: endpoints,
      request,
      type,
    };
    return { id: body.id, type, body: JSON.stringify(body), resourceId: String(object.id) };
  }
}

/** `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export function stripeWebhookHeaders(secret: string, body: string, now: Date): Record<string, string> {
  const t = Math.floor(now.getTime() / 1000);
  return {
    "Content-Type": "application/json; charset=utf-8",
    "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
    "Stripe-Signature": `t=${t},v1=${hmacSha256Hex(secret, `${t}.${body}`)}`,
  };
}
