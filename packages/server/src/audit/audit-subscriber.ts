import type { LedgerEventMap, LedgerEvents } from "../ledger/ledger-events.js";
import type { AuditEntry } from "./audit-hash.js";
import type { AuditTrail } from "./audit-trail.js";

/**
 * Turns each money-moving event and connection change into an audit entry. Only identifiers,
 * amounts and states are copied: the events carry no credentials, and nothing here reaches for
 * a connection's secrets or an API key.
 */
export function subscribeAudit(events: LedgerEvents, trail: AuditTrail): void {
  events.on("refund.attempt", async (e) => {
    await trail.append(refundAttemptEntry(e));
  });
  events.on("refund.state", async (e) => {
    // A re-run answered from the ledger changed nothing and moved no money.
    if (e.source === "ledger") return;
    await trail.append(refundStateEntry(e));
  });
  events.on("payment.created", async (e) => {
    await trail.append(paymentCreatedEntry(e));
  });
  events.on("connection.changed", async (e) => {
    await trail.append(connectionEntry(e));
  });
}

export function refundAttemptEntry(e: LedgerEventMap["refund.attempt"]): AuditEntry {
  const r = e.record;
  return {
    project_id: r.project_id,
    actor: `tool_call:${e.toolCallId}`,
    action: "refund.attempt",
    subject: r.idempotency_key,
    data: {
      server: r.server,
      connection_id: r.connection_id,
      payment_id: r.payment_id,
      amount: r.amount,
      attempt: r.attempts,
      // Only when a spent provider key forced a fresh header key for this attempt.
      attempt_key: e.attemptKey !== r.idempotency_key ? e.attemptKey : null,
      tool_call_id: e.toolCallId,
    },
  };
}

export function refundStateEntry(e: LedgerEventMap["refund.state"]): AuditEntry {
  const r = e.record;
  return {
    project_id: r.project_id,
    actor: e.source === "call" ? `tool_call:${r.last_tool_call_id}` : e.source === "webhook" ? `webhook:${r.server}` : e.source,
    action: `refund.${r.state}`,
    subject: r.idempotency_key,
    data: {
      server: r.server,
      payment_id: r.payment_id,
      refund_id: r.refund_id,
      amount: r.amount,
      refunded_amount: r.refunded_amount,
      currency: r.currency,
      error_code: r.error_code,
      attempts: r.attempts,
      previous_state: e.previousState,
      source: e.source,
    },
  };
}

export function paymentCreatedEntry(e: LedgerEventMap["payment.created"]): AuditEntry {
  return {
    project_id: e.projectId,
    actor: `tool_call:${e.toolCallId}`,
    action: "payment.created",
    subject: e.paymentId,
    data: { server: e.server, payment_id: e.paymentId, amount: e.amount, currency: e.currency, idempotency_key: e.idempotencyKey, tool_call_id: e.toolCallId },
  };
}

export function connectionEntry(e: LedgerEventMap["connection.changed"]): AuditEntry {
  return {
    project_id: e.projectId,
    actor: e.actor,
    action: `connection.${e.change}`,
    subject: e.connectionId,
    data: { server: e.server, mode: e.mode },
  };
}
