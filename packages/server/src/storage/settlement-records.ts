import type { ConnectionRecord, RefundAttemptRecord, RefundAttemptState } from "./records.js";

/** Who told us about a refund's state: its own call, a provider's webhook, or our poller. */
export type SettlementSource = "call" | "webhook" | "poller";

/**
 * One thing we learned about one refund (keyed by its idempotency key), in arrival order.
 * `state` is what the source reported, normalised; the refund row holds what we concluded.
 */
export interface SettlementEventRecord {
  id: string;
  project_id: string;
  idempotency_key: string;
  source: SettlementSource;
  /** The provider's event type (refund.updated, PAYMENT_REFUNDED, payment.updated) or ours (refund.call, refund.poll). */
  type: string;
  state: RefundAttemptState;
  provider_event_id: string | null;
  at: string;
  data: Record<string, unknown>;
}

/**
 * A webhook delivery that passed its signature check, with the raw body as signed. Keyed by
 * (connection, provider event id) so a provider's at-least-once redelivery is seen as such.
 */
export interface WebhookDeliveryRecord {
  connection_id: string;
  provider_event_id: string;
  project_id: string;
  server: string;
  event_type: string;
  raw_body: string;
  received_at: string;
  /** Set once every refund it concerns was settled; a delivery left unprocessed is processed again on redelivery. */
  processed_at: string | null;
}

/** The poller's back-off for one refund row in pending or unknown state. */
export interface SettlementCheckRecord {
  project_id: string;
  idempotency_key: string;
  checks: number;
  next_check_at: string;
  /** Set when an unknown refund was not found after the allowed checks: a re-run resolves it. */
  gave_up_at: string | null;
}

/** A refund row due for a provider check, with its back-off state (null: never scheduled). */
export interface DueRefund {
  refund: RefundAttemptRecord;
  check: SettlementCheckRecord | null;
}

export type RefundSettlementPatch = {
  state: RefundAttemptState;
  refund_id: string | null;
  refunded_amount: number | null;
  currency: string | null;
  error_code: string | null;
  updated_at: string;
};

export interface SettlementRepository {
  /** Appends an event; false (and nothing written) when this provider event was already recorded for this refund. */
  appendEvent(e: SettlementEventRecord): Promise<boolean>;
  /** Oldest first. */
  listEvents(projectId: string, idempotencyKey: string): Promise<SettlementEventRecord[]>;
  /** Inserts the delivery unless known; returns the stored one and whether this call created it. */
  recordDelivery(d: WebhookDeliveryRecord): Promise<{ delivery: WebhookDeliveryRecord; created: boolean }>;
  markDeliveryProcessed(connectionId: string, providerEventId: string, at: string): Promise<void>;
  /** Connections by id alone: a webhook URL names the connection, and its project follows from it. */
  connectionById(id: string): Promise<ConnectionRecord | undefined>;
  /** The refund row holding this provider refund id, on this server, in this project. */
  refundByRefundId(projectId: string, server: string, refundId: string): Promise<RefundAttemptRecord | undefined>;
  /**
   * Compare-and-set on the refund row: applies the patch only while the row is still in `from`,
   * so a webhook, the poller and another server racing on one refund apply one change. The
   * refund id, amount and currency only fill gaps; they never overwrite what the call stored.
   */
  transitionRefund(projectId: string, idempotencyKey: string, from: RefundAttemptState, patch: RefundSettlementPatch): Promise<boolean>;
  /** (Re)starts the back-off of one refund: zero checks so far, first check at `nextCheckAt`. */
  scheduleCheck(projectId: string, idempotencyKey: string, nextCheckAt: string): Promise<void>;
  /** Pending or unknown refunds whose next check is due (or never scheduled), oldest first. */
  dueChecks(now: string, limit: number): Promise<DueRefund[]>;
  /**
   * Takes one due check for this process by moving its next check to `leaseUntil`, only if it
   * is still as read (`previous`, or absent when null): two pollers never check one row at once.
   */
  claimCheck(projectId: string, idempotencyKey: string, previous: SettlementCheckRecord | null, leaseUntil: string): Promise<boolean>;
  updateCheck(c: SettlementCheckRecord): Promise<void>;
}
