import { randomUUID } from "node:crypto";
import { mercadoPagoTimestamp } from "../dates.js";
import type { RefundEvent } from "../events.js";
import { randomDigits } from "../random.js";
import type { WebhookTarget } from "../types.js";
import { hmacSha256Hex } from "../webhooks/hmac.js";
import type { SignedRequest, WebhookEvent, WebhookFormat } from "../webhooks/message.js";
import type { MpStore } from "./store.js";

/**
 * Mercado Pago's webhooks: every refund state change is a `payment.updated` notification
 * about the payment, which carries only the payment id; the receiver GETs the payment.
 */
export class MercadoPagoWebhookFormat implements WebhookFormat {
  private nextNotificationId = Number(randomDigits(11));

  constructor(private readonly store: MpStore) {}

  events(change: RefundEvent, _endpoints: number): WebhookEvent[] {
    const paymentId = change.record.payment_id;
    const body = {
      id: this.nextNotificationId++,
      live_mode: false,
      type: "payment",
      date_created: mercadoPagoTimestamp(),
      user_id: this.store.collectorId,
      api_version: "v1",
      action: "payment.updated",
      data: { id: paymentId },
    };
    return [{ id: String(body.id), type: body.action, body: JSON.stringify(body), resourceId: paymentId }];
  }

  sign(target: WebhookTarget, event: WebhookEvent, now: Date): SignedRequest {
    const url = new URL(target.url);
    url.searchParams.set("data.id", event.resourceId);
    url.searchParams.set("type", "payment");
    return { url: url.toString(), headers: mercadoPagoWebhookHeaders(target.secret, event.resourceId, randomUUID(), now) };
  }
}

/**
 * `x-signature: ts=<unix seconds>,v1=<hex HMAC-SHA256(secret, "id:<data.id>;request-id:<x-request-id>;ts:<ts>;")>`.
 * ts is in seconds: MP's documentation example (ts=1704908010) and the official SDKs'
 * WebhookSignatureValidator (mercadopago npm 3.x multiplies ts by 1000 before comparing
 * with Date.now(), after sdk-nodejs issue #458) both read it that way. Mercado Pago
 * lowercases an alphanumeric data.id in the manifest; payment ids are digits only.
 */
export function mercadoPagoWebhookHeaders(secret: string, dataId: string, requestId: string, now: Date): Record<string, string> {
  const ts = Math.floor(now.getTime() / 1000);
  const manifest = `id:${dataId.toLowerCase()};request-id:${requestId};ts:${ts};`;
  return {
    "Content-Type": "application/json",
    "x-request-id": requestId,
    "x-signature": `ts=${ts},v1=${hmacSha256Hex(secret, manifest)}`,
  };
}
