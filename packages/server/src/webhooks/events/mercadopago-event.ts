import { isRecord, str, type WebhookEvent } from "./webhook-event.js";

/**
 * A Mercado Pago notification (`{ id, type: "payment", action, data: { id } }`). It carries only
 * the payment id, and its body is not signed: the payment is always read back through the
 * adapter, by the signed data.id when the URL carried one.
 */
export function parseMercadoPagoEvent(body: Record<string, unknown>, signedDataId: string | undefined): WebhookEvent | undefined {
  const eventId = str(body.id);
  const type = str(body.type) ?? str(body.topic);
  const bodyDataId = isRecord(body.data) ? str(body.data.id) : undefined;
  if (!eventId || !type) return undefined;
  const action = str(body.action);
  const label = action ?? type;
  if (type !== "payment") return { eventId, type: label, relevant: false, observations: [] };
  const paymentId = signedDataId ?? bodyDataId;
  if (!paymentId) return undefined;
  return { eventId, type: label, relevant: true, observations: [], lookupPaymentId: paymentId };
}

/** The body's data.id, for the signature manifest when the URL has no data.id query parameter. */
export function mercadoPagoBodyDataId(body: Record<string, unknown> | undefined): string | undefined {
  return body && isRecord(body.data) ? str(body.data.id) : undefined;
}
