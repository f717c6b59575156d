import type { RefundEvent } from "../events.js";
import type { WebhookTarget } from "../types.js";

/**
 * One provider event, built once from the state right after the change. Every attempt and
 * every duplicate carries these same body bytes; only the signature headers are redone.
 */
export interface WebhookEvent {
  /** What receivers dedupe on: Stripe/Asaas `evt_…`, Mercado Pago's notification id. */
  id: string;
  /** What the delivery log shows: refund.created, payment.updated, PAYMENT_REFUNDED, … */
  type: string;
  /** Raw JSON body. */
  body: string;
  /** The object the event is about (Mercado Pago puts it in the URL and its signature). */
  resourceId: string;
}

/** Where and with which headers one attempt is sent. */
export interface SignedRequest {
  url: string;
  headers: Record<string, string>;
}

/** A provider's webhook dialect: which events a refund change produces, and how they are signed. */
export interface WebhookFormat {
  /** `endpoints` is how many targets will receive them (Stripe reports it as pending_webhooks). */
  events(change: RefundEvent, endpoints: number): WebhookEvent[];
  sign(target: WebhookTarget, event: WebhookEvent, now: Date): SignedRequest;
}
