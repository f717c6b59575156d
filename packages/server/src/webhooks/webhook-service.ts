import { CodesparError } from "@codespar/protocol";
import type { PaymentSnapshot } from "@codespar/providers";
import { isServerId } from "../catalog/servers.js";
import type { ConnectionService } from "../connections/connection-service.js";
import { classifyFailure } from "../ledger/provider-failure.js";
import type { SettlementService } from "../settlement/settlement-service.js";
import type { ConnectionRecord, Store } from "../storage/index.js";
import { authenticateDelivery, type DeliveryHeaders } from "./authenticate-delivery.js";
import { parseAsaasEvent } from "./events/asaas-event.js";
import { mercadoPagoBodyDataId, parseMercadoPagoEvent } from "./events/mercadopago-event.js";
import { parseStripeEvent } from "./events/stripe-event.js";
import { parseJsonObject, type RefundObservation, type WebhookEvent } from "./events/webhook-event.js";

export interface WebhookDelivery {
  server: string;
  connectionId: string;
  rawBody: Buffer;
  headers: DeliveryHeaders;
  /** `data.id` from the URL's query string (Mercado Pago signs that one). */
  queryDataId: string | undefined;
}

export interface WebhookReceipt {
  received: true;
  duplicate: boolean;
  event_id: string;
  type: string;
  /** Refunds of ours the event concerned, and how many of them changed state. */
  matched: number;
  changed: number;
}

/**
 * POST /v1/webhooks/:server/:connection. The connection named in the URL decides the project
 * and the secret; the delivery is authenticated as its provider does it, then deduplicated by
 * the provider's event id, stored raw, and settled. Anything refused changes nothing.
 */
export class WebhookService {
  constructor(
    private readonly store: Store,
    private readonly connections: ConnectionService,
    private readonly settlement: SettlementService,
    private readonly now: () => number = Date.now,
  ) {}

  async receive(d: WebhookDelivery): Promise<WebhookReceipt> {
    const connection = await this.connectionFor(d.server, d.connectionId);
    const secret = this.connections.webhookSecret(connection);
    if (!secret) {
      throw new CodesparError("webhook_secret_missing", `Connection ${connection.id} has no webhook secret, so deliveries to it cannot be authenticated; add credentials.webhook_secret to the connection`);
    }
    const body = parseJsonObject(d.rawBody);
    // Mercado Pago signs the URL's data.id; the body's is only a fallback when the URL has none.
    const dataId = d.queryDataId ?? mercadoPagoBodyDataId(body);
    const verdict = authenticateDelivery(connection.server, { rawBody: d.rawBody, headers: d.headers, dataId, secret, nowMs: this.now() });
    if (!verdict.ok) throw new CodesparError(verdict.code, verdict.message);
    const event = body ? parseEvent(connection.server, body, d.queryDataId) : undefined;
    if (!event) throw new CodesparError("webhook_payload_invalid", `The body is not a ${connection.server} webhook event (JSON with an event id and type)`);

    const { delivery, created } = await this.store.settlement.recordDelivery({
      connection_id: connection.id,
      provider_event_id: event.eventId,
      project_id: connection.project_id,
      server: connection.server,
      event_type: event.type,
      raw_body: d.rawBody.toString("utf8"),
      received_at: new Date(this.now()).toISOString(),
      processed_at: null,
    });
    const receipt: WebhookReceipt = { received: true, duplicate: false, event_id: event.eventId, type: event.type, matched: 0, changed: 0 };
    // A delivery that failed half-way (the provider was unreadable) is processed again when redelivered.
    if (!created && delivery.processed_at !== null) return { ...receipt, duplicate: true };
    if (event.relevant) {
      const { observations, paymentState } = await this.observe(connection, event);
      const result = await this.settlement.settleObservations(
        { projectId: connection.project_id, server: connection.server, source: "webhook", type: event.type, providerEventId: event.eventId, paymentState, recordUnchanged: true },
        observations,
      );
      receipt.matched = result.matched;
      receipt.changed = result.changed;
    }
    await this.store.settlement.markDeliveryProcessed(connection.id, event.eventId, new Date(this.now()).toISOString());
    return receipt;
  }

  /** Unknown connection, wrong server for it, or not a server at all: one 404 that confirms nothing. */
  private async connectionFor(server: string, id: string): Promise<ConnectionRecord> {
    const connection = isServerId(server) ? await this.store.settlement.connectionById(id) : undefined;
    if (!connection || connection.server !== server) throw new CodesparError("not_found", `No webhook endpoint for ${server} connection ${id}`);
    return connection;
  }

  /** The event's refunds, or the payment's read back through the adapter when the event only names it. */
  private async observe(connection: ConnectionRecord, event: WebhookEvent): Promise<{ observations: RefundObservation[]; paymentState: WebhookEvent["paymentState"] }> {
    if (!event.lookupPaymentId) return { observations: event.observations, paymentState: event.paymentState };
    let payment: PaymentSnapshot;
    try {
      payment = await this.connections.providerFor(connection).getPayment(event.lookupPaymentId);
    } catch (err) {
      const f = classifyFailure(err);
      // A payment the provider does not have (or will never show us) is not ours to settle: acknowledged, nothing changes.
      if (f.code === "payment_not_found") return { observations: [], paymentState: event.paymentState };
      // Otherwise answering 5xx makes the provider deliver again later; the delivery stays unprocessed until then.
      throw new CodesparError("provider_unavailable", `Could not read ${connection.server} payment ${event.lookupPaymentId} to settle this event: ${f.message}`, { provider_code: f.code });
    }
    const observations = payment.refunds.map((r) => ({
      refundId: r.refundId,
      state: r.state,
      amount: r.amount,
      currency: payment.currency,
      providerStatus: r.providerStatus,
      ...(r.idempotencyKey ? { idempotencyKey: r.idempotencyKey } : {}),
    }));
    return { observations, paymentState: event.paymentState ?? payment.state };
  }
}

function parseEvent(server: string, body: Record<string, unknown>, queryDataId: string | undefined): WebhookEvent | undefined {
  if (server === "stripe") return parseStripeEvent(body);
  if (server === "asaas") return parseAsaasEvent(body);
  return parseMercadoPagoEvent(body, queryDataId);
}
