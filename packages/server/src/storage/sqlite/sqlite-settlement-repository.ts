import type { ConnectionRecord, RefundAttemptRecord } from "../records.js";
import type { SettlementCheckRecord, SettlementRepository, WebhookDeliveryRecord } from "../settlement-records.js";
import { CHECK_COLUMNS, DELIVERY_COLUMNS, EVENT_COLUMNS, REFUND_COLUMNS } from "../columns.js";
import { toJson } from "../json-columns.js";
import { eventFromRow, type Row } from "../row-mapping.js";
import { insertSql, type SqliteDb } from "./sqlite-database.js";

function checkFromRow(r: Row): SettlementCheckRecord {
  return { ...(r as unknown as SettlementCheckRecord), checks: Number(r.checks) };
}

export function sqliteSettlementRepository(db: SqliteDb): SettlementRepository {
  const q = {
    appendEvent: db.prepare(`${insertSql("settlement_events", EVENT_COLUMNS)} ON CONFLICT DO NOTHING`),
    listEvents: db.prepare("SELECT * FROM settlement_events WHERE project_id = ? AND idempotency_key = ? ORDER BY at, id"),
    insertDelivery: db.prepare(`${insertSql("webhook_deliveries", DELIVERY_COLUMNS)} ON CONFLICT (connection_id, provider_event_id) DO NOTHING`),
    getDelivery: db.prepare("SELECT * FROM webhook_deliveries WHERE connection_id = ? AND provider_event_id = ?"),
    markProcessed: db.prepare("UPDATE webhook_deliveries SET processed_at = ? WHERE connection_id = ? AND provider_event_id = ?"),
    connectionById: db.prepare("SELECT * FROM connections WHERE id = ?"),
    refundByRefundId: db.prepare("SELECT * FROM refund_attempts WHERE project_id = ? AND server = ? AND refund_id = ?"),
    transition: db.prepare(
      `UPDATE refund_attempts SET state = @state, refund_id = COALESCE(refund_id, @refund_id),
       refunded_amount = COALESCE(refunded_amount, @refunded_amount), currency = COALESCE(currency, @currency),
       error_code = @error_code, updated_at = @updated_at
       WHERE project_id = @project_id AND idempotency_key = @idempotency_key AND state = @from`,
    ),
    schedule: db.prepare(
      `${insertSql("settlement_checks", CHECK_COLUMNS)} ON CONFLICT (project_id, idempotency_key)
       DO UPDATE SET checks = 0, next_check_at = excluded.next_check_at, gave_up_at = NULL`,
    ),
    due: db.prepare(
      `SELECT ${REFUND_COLUMNS.map((c) => `r.${c}`).join(", ")},
       c.project_id AS c_project_id, c.checks AS c_checks, c.next_check_at AS c_next_check_at, c.gave_up_at AS c_gave_up_at
       FROM refund_attempts r LEFT JOIN settlement_checks c
       ON c.project_id = r.project_id AND c.idempotency_key = r.idempotency_key
       WHERE r.state IN ('pending', 'unknown') AND (c.project_id IS NULL OR (c.gave_up_at IS NULL AND c.next_check_at <= ?))
       ORDER BY COALESCE(c.next_check_at, r.updated_at) LIMIT ?`,
    ),
    claimNew: db.prepare(`${insertSql("settlement_checks", CHECK_COLUMNS)} ON CONFLICT (project_id, idempotency_key) DO NOTHING`),
    claimExisting: db.prepare(
      `UPDATE settlement_checks SET next_check_at = ? WHERE project_id = ? AND idempotency_key = ?
       AND next_check_at = ? AND gave_up_at IS NULL`,
    ),
    updateCheck: db.prepare(
      "UPDATE settlement_checks SET checks = @checks, next_check_at = @next_check_at, gave_up_at = @gave_up_at WHERE project_id = @project_id AND idempotency_key = @idempotency_key",
    ),
  };

  return {
    async appendEvent(e) {
      return q.appendEvent.run({ ...e, data: toJson(e.data) }).changes > 0;
    },
    async listEvents(projectId, key) {
      return (q.listEvents.all(projectId, key) as Row[]).map(eventFromRow);
    },
    async recordDelivery(d) {
      const created = q.insertDelivery.run(d).changes > 0;
      return { delivery: q.getDelivery.get(d.connection_id, d.provider_event_id) as WebhookDeliveryRecord, created };
    },
    async markDeliveryProcessed(connectionId, eventId, at) {
      q.markProcessed.run(at, connectionId, eventId);
    },
    async connectionById(id) {
      return q.connectionById.get(id) as ConnectionRecord | undefined;
    },
    async refundByRefundId(projectId, server, refundId) {
      return q.refundByRefundId.get(projectId, server, refundId) as RefundAttemptRecord | undefined;
    },
    async transitionRefund(projectId, key, from, patch) {
      return q.transition.run({ ...patch, project_id: projectId, idempotency_key: key, from }).changes > 0;
    },
    async scheduleCheck(projectId, key, nextCheckAt) {
      q.schedule.run({ project_id: projectId, idempotency_key: key, checks: 0, next_check_at: nextCheckAt, gave_up_at: null });
    },
    async dueChecks(now, limit) {
      return (q.due.all(now, limit) as Row[]).map((r) => {
        const refund = Object.fromEntries(REFUND_COLUMNS.map((c) => [c, r[c]])) as unknown as RefundAttemptRecord;
        const check = r.c_project_id === null
          ? null
          : checkFromRow({ project_id: r.project_id, idempotency_key: r.idempotency_key, checks: r.c_checks, next_check_at: r.c_next_check_at, gave_up_at: r.c_gave_up_at });
        return { refund, check };
      });
    },
    async claimCheck(projectId, key, previous, leaseUntil) {
      if (previous === null) {
        return q.claimNew.run({ project_id: projectId, idempotency_key: key, checks: 0, next_check_at: leaseUntil, gave_up_at: null }).changes > 0;
      }
      return q.claimExisting.run(leaseUntil, projectId, key, previous.next_check_at).changes > 0;
    },
    async updateCheck(c) {
      q.updateCheck.run(c);
    },
  };
}
