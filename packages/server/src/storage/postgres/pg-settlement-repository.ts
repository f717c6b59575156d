import type { ConnectionRecord, RefundAttemptRecord } from "../records.js";
import type { SettlementCheckRecord, SettlementRepository, WebhookDeliveryRecord } from "../settlement-records.js";
import { CHECK_COLUMNS, DELIVERY_COLUMNS, EVENT_COLUMNS, REFUND_COLUMNS, REFUND_SELECT } from "../columns.js";
import { toJson } from "../json-columns.js";
import { eventFromRow, type Row } from "../row-mapping.js";
import { changes, firstRow, insertSql, rows, valuesOf, type PgPool } from "./pg-database.js";

export function pgSettlementRepository(db: PgPool): SettlementRepository {
  return {
    async appendEvent(e) {
      const sql = `${insertSql("settlement_events", EVENT_COLUMNS)} ON CONFLICT DO NOTHING`;
      return (await changes(db, sql, valuesOf({ ...e, data: toJson(e.data) }, EVENT_COLUMNS))) > 0;
    },
    async listEvents(projectId, key) {
      return (await rows<Row>(
        db,
        `SELECT * FROM settlement_events WHERE project_id = $1 AND idempotency_key = $2 ORDER BY at, id COLLATE "C"`,
        [projectId, key],
      )).map(eventFromRow);
    },
    async recordDelivery(d) {
      const sql = `${insertSql("webhook_deliveries", DELIVERY_COLUMNS)} ON CONFLICT (connection_id, provider_event_id) DO NOTHING`;
      const created = (await changes(db, sql, valuesOf(d, DELIVERY_COLUMNS))) > 0;
      const delivery = await firstRow<WebhookDeliveryRecord>(
        db,
        "SELECT * FROM webhook_deliveries WHERE connection_id = $1 AND provider_event_id = $2",
        [d.connection_id, d.provider_event_id],
      );
      return { delivery: delivery as WebhookDeliveryRecord, created };
    },
    async markDeliveryProcessed(connectionId, eventId, at) {
      await db.query("UPDATE webhook_deliveries SET processed_at = $1 WHERE connection_id = $2 AND provider_event_id = $3", [at, connectionId, eventId]);
    },
    async connectionById(id) {
      return firstRow<ConnectionRecord>(db, "SELECT * FROM connections WHERE id = $1", [id]);
    },
    async refundByRefundId(projectId, server, refundId) {
      return firstRow<RefundAttemptRecord>(
        db,
        `SELECT ${REFUND_SELECT} FROM refund_attempts WHERE project_id = $1 AND server = $2 AND refund_id = $3`,
        [projectId, server, refundId],
      );
    },
    async transitionRefund(projectId, key, from, patch) {
      return (await changes(
        db,
        `UPDATE refund_attempts SET state = $1, refund_id = COALESCE(refund_id, $2),
         refunded_amount = COALESCE(refunded_amount, $3), currency = COALESCE(currency, $4),
         error_code = $5, updated_at = $6
         WHERE project_id = $7 AND idempotency_key = $8 AND state = $9`,
        [patch.state, patch.refund_id, patch.refunded_amount, patch.currency, patch.error_code, patch.updated_at, projectId, key, from],
      )) > 0;
    },
    async scheduleCheck(projectId, key, nextCheckAt) {
      await db.query(
        `${insertSql("settlement_checks", CHECK_COLUMNS)} ON CONFLICT (project_id, idempotency_key)
         DO UPDATE SET checks = 0, next_check_at = excluded.next_check_at, gave_up_at = NULL`,
        [projectId, key, 0, nextCheckAt, null],
      );
    },
    async dueChecks(now, limit) {
      const found = await rows<Row>(
        db,
        `SELECT ${REFUND_COLUMNS.map((c) => `r.${c}`).join(", ")},
         c.project_id AS c_project_id, c.checks AS c_checks, c.next_check_at AS c_next_check_at, c.gave_up_at AS c_gave_up_at
         FROM refund_attempts r LEFT JOIN settlement_checks c
         ON c.project_id = r.project_id AND c.idempotency_key = r.idempotency_key
         WHERE r.state IN ('pending', 'unknown') AND (c.project_id IS NULL OR (c.gave_up_at IS NULL AND c.next_check_at <= $1))
         ORDER BY COALESCE(c.next_check_at, r.updated_at) LIMIT $2`,
        [now, limit],
      );
      return found.map((r) => {
        const refund = Object.fromEntries(REFUND_COLUMNS.map((c) => [c, r[c]])) as unknown as RefundAttemptRecord;
        const check: SettlementCheckRecord | null = r.c_project_id === null
          ? null
          : {
            project_id: String(r.project_id),
            idempotency_key: String(r.idempotency_key),
            checks: Number(r.c_checks),
            next_check_at: String(r.c_next_check_at),
            gave_up_at: (r.c_gave_up_at as string | null) ?? null,
          };
        return { refund, check };
      });
    },
    async claimCheck(projectId, key, previous, leaseUntil) {
      if (previous === null) {
        return (await changes(
          db,
          `${insertSql("settlement_checks", CHECK_COLUMNS)} ON CONFLICT (project_id, idempotency_key) DO NOTHING`,
          [projectId, key, 0, leaseUntil, null],
        )) > 0;
      }
      return (await changes(
        db,
        `UPDATE settlement_checks SET next_check_at = $1 WHERE project_id = $2 AND idempotency_key = $3
         AND next_check_at = $4 AND gave_up_at IS NULL`,
        [leaseUntil, projectId, key, previous.next_check_at],
      )) > 0;
    },
    async updateCheck(c) {
      await db.query(
        "UPDATE settlement_checks SET checks = $1, next_check_at = $2, gave_up_at = $3 WHERE project_id = $4 AND idempotency_key = $5",
        [c.checks, c.next_check_at, c.gave_up_at, c.project_id, c.idempotency_key],
      );
    },
  };
}
