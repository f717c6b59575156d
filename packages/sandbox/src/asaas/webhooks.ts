import { saoPauloDateTime } from "../dates.js";
import type { RefundEvent } from "../events.js";
import { randomDigits, randomHex } from "../random.js";
import type { WebhookTarget } from "../types.js";
import type { SignedRequest, WebhookEvent, WebhookFormat } from "../webhooks/message.js";
import { paymentObject } from "./objects.js";
import type { AsaasStore } from "./store.js";

export type AsaasRefundEvent = "PAYMENT_REFUND_IN_PROGRESS" | "PAYMENT_REFUNDED" | "PAYMENT_PARTIALLY_REFUNDED" | "PAYMENT_REFUND_DENIED";

/**
 * Asaas's payment webhooks for refunds: `{ id, event, dateCreated, payment }`, with the
 * payment as GET /v3/payments/:id shows it right after the change. Authenticated only by
 * the configured token echoed in `asaas-access-token` (Asaas signs nothing).
 */
export class AsaasWebhookFormat implements WebhookFormat {
  // Asaas event ids read evt_<32 hex>&<number>: a hex part fixed per account, then a sequence.
  private readonly idPrefix = `evt_${randomHex(32)}&`;
  private sequence = Number(randomDigits(7));

  constructor(private readonly store: AsaasStore) {}

  events(change: RefundEvent, _endpoints: number): WebhookEvent[] {
    const payment = this.store.payments.get(change.record.payment_id);
    if (!payment) return [];
    let event: AsaasRefundEvent;
    if (change.state === "pending") event = "PAYMENT_REFUND_IN_PROGRESS";
    else if (change.state === "failed") event = "PAYMENT_REFUND_DENIED";
    else event = payment.status === "REFUNDED" ? "PAYMENT_REFUNDED" : "PAYMENT_PARTIALLY_REFUNDED";
    const body = { id: `${this.idPrefix}${this.sequence++}`, event, dateCreated: saoPauloDateTime(), payment: paymentObject(payment) };
    return [{ id: body.id, type: event, body: JSON.stringify(body), resourceId: payment.id }];
  }

  sign(target: WebhookTarget, _event: WebhookEvent, _now: Date): SignedRequest {
    return { url: target.url, headers: { "Content-Type": "application/json", "asaas-access-token": target.secret } };
  }
}
