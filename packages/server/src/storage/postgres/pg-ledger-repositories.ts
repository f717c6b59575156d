import type { Store } from "../store.js";
import type { ConnectionRecord, PaymentRouteRecord, RefundAttemptRecord } from "../records.js";
import {
  CONNECTION_COLUMNS, PAYMENT_ROUTE_COLUMNS, REFUND_COLUMNS, REFUND_PATCHABLE, REFUND_SELECT, REFUND_UNANNOUNCED, TOOL_CALL_COLUMNS,
} from "../columns.js";
import { toJson } from "../json-columns.js";
import { toolCallFromRow, type Row } from "../row-mapping.js";
import { changes, firstRow, insertSql, rows, valuesOf, type PgPool } from "./pg-database.js";

export function pgLedgerRepositories(db: PgPool): Pick<Store, "toolCalls" | "connections" | "refundAttempts" | "paymentRoutes"> {
  const getRefund = (projectId: string, key: string) =>
    firstRow<RefundAttemptRecord>(db, `SELECT ${REFUND_SELECT} FROM refund_attempts WHERE project_id = $1 AND idempotency_key = $2`, [projectId, key]);
  const findConnection = (projectId: string, server: string, mode: string) =>
    firstRow<ConnectionRecord>(db, "SELECT * FROM connections WHERE project_id = $1 AND server = $2 AND mode = $3", [projectId, server, mode]);

  return {
    toolCalls: {
      async insert(t) {
        const row = { ...t, input: toJson(t.input), output: toJson(t.output), metadata: toJson(t.metadata) };
        await db.query(insertSql("tool_calls", TOOL_CALL_COLUMNS), valuesOf(row, TOOL_CALL_COLUMNS));
      },
      async complete(id, c) {
        await db.query(
          `UPDATE tool_calls SET server = $1, output = $2, status = $3, error_code = $4, error_message = $5,
           idempotency_key = $6, duration_ms = $7, completed_at = $8 WHERE id = $9`,
          [c.server, toJson(c.output), c.status, c.error_code, c.error_message, c.idempotency_key, c.duration_ms, c.completed_at, id],
        );
      },
      async get(projectId, id) {
        const row = await firstRow<Row>(db, "SELECT * FROM tool_calls WHERE project_id = $1 AND id = $2", [projectId, id]);
        return row ? toolCallFromRow(row) : undefined;
      },
      async countForProject(projectId) {
        return Number((await firstRow<{ n: number }>(db, "SELECT COUNT(*) AS n FROM tool_calls WHERE project_id = $1", [projectId]))?.n ?? 0);
      },
    },
    connections: {
      async upsert(c) {
        const row = await firstRow<ConnectionRecord>(
          db,
          `${insertSql("connections", CONNECTION_COLUMNS)}
           ON CONFLICT (project_id, server, mode) DO UPDATE SET base_url = excluded.base_url,
           credentials_sealed = excluded.credentials_sealed, rate_limit_per_s = excluded.rate_limit_per_s,
           updated_at = excluded.updated_at RETURNING *`,
          valuesOf(c, CONNECTION_COLUMNS),
        );
        return row as ConnectionRecord;
      },
      async list(projectId) {
        return rows<ConnectionRecord>(db, "SELECT * FROM connections WHERE project_id = $1 ORDER BY server, mode", [projectId]);
      },
      async get(projectId, id) {
        return firstRow<ConnectionRecord>(db, "SELECT * FROM connections WHERE project_id = $1 AND id = $2", [projectId, id]);
      },
      find: findConnection,
      async remove(projectId, id) {
        return (await changes(db, "DELETE FROM connections WHERE project_id = $1 AND id = $2", [projectId, id])) > 0;
      },
    },
    refundAttempts: {
      async claim(r) {
        // A racing claim of the same key waits on our uncommitted row, then does nothing; the
        // SELECT (a fresh snapshot under READ COMMITTED) then sees the winner's row.
        const inserted = await firstRow<RefundAttemptRecord>(
          db,
          `${insertSql("refund_attempts", REFUND_COLUMNS)} ON CONFLICT (project_id, idempotency_key) DO NOTHING RETURNING ${REFUND_SELECT}`,
          valuesOf({ ...r, announced_state: null }, REFUND_COLUMNS),
        );
        if (inserted) return { record: inserted, created: true };
        return { record: (await getRefund(r.project_id, r.idempotency_key)) as RefundAttemptRecord, created: false };
      },
      get: getRefund,
      async update(projectId, key, patch) {
        const cols = Object.keys(patch).filter((k) => REFUND_PATCHABLE.has(k));
        if (cols.length === 0) return;
        // Column names come from the fixed allow-list REFUND_PATCHABLE, never from input.
        const sets = cols.map((c, i) => `${c} = $${i + 3}`);
        if (cols.includes("state")) sets.push("announced_state = NULL");
        await db.query(`UPDATE refund_attempts SET ${sets.join(", ")} WHERE project_id = $1 AND idempotency_key = $2`, [
          projectId, key, ...cols.map((c) => (patch as Record<string, unknown>)[c] ?? null),
        ]);
      },
      async markAnnounced(projectId, key, state) {
        await db.query(
          "UPDATE refund_attempts SET announced_state = $3 WHERE project_id = $1 AND idempotency_key = $2 AND state = $3",
          [projectId, key, state],
        );
      },
      async unannounced(limit) {
        return rows<RefundAttemptRecord>(
          db,
          `SELECT ${REFUND_SELECT} FROM refund_attempts WHERE ${REFUND_UNANNOUNCED}
           ORDER BY updated_at, project_id, idempotency_key LIMIT $1`,
          [limit],
        );
      },
      async listForPayment(projectId, paymentId, from, to) {
        return rows<RefundAttemptRecord>(
          db,
          `SELECT ${REFUND_SELECT} FROM refund_attempts WHERE project_id = $1 AND payment_id = $2 AND created_at >= $3 AND created_at < $4
           AND state IN ('succeeded', 'pending', 'in_flight', 'unknown') ORDER BY created_at`,
          [projectId, paymentId, from, to],
        );
      },
      async acquireLease(projectId, key, owner, until, now) {
        return firstRow<RefundAttemptRecord>(
          db,
          `UPDATE refund_attempts SET lease_owner = $3, lease_until = $4
           WHERE project_id = $1 AND idempotency_key = $2 AND (lease_until IS NULL OR lease_until < $5 OR lease_owner = $3)
           RETURNING ${REFUND_SELECT}`,
          [projectId, key, owner, until, now],
        );
      },
      async releaseLease(projectId, key, owner) {
        await db.query(
          "UPDATE refund_attempts SET lease_owner = NULL, lease_until = NULL WHERE project_id = $1 AND idempotency_key = $2 AND lease_owner = $3",
          [projectId, key, owner],
        );
      },
    },
    paymentRoutes: {
      async record(r: PaymentRouteRecord) {
        await db.query(
          `${insertSql("payment_routes", PAYMENT_ROUTE_COLUMNS)} ON CONFLICT (project_id, payment_id) DO NOTHING`,
          valuesOf(r, PAYMENT_ROUTE_COLUMNS),
        );
      },
      async find(projectId, paymentId) {
        return firstRow<PaymentRouteRecord>(db, "SELECT * FROM payment_routes WHERE project_id = $1 AND payment_id = $2", [projectId, paymentId]);
      },
    },
  };
}
