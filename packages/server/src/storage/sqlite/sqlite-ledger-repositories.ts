import type { Store } from "../store.js";
import type { ConnectionRecord, PaymentRouteRecord, RefundAttemptRecord } from "../records.js";
import {
  CONNECTION_COLUMNS, PAYMENT_ROUTE_COLUMNS, REFUND_COLUMNS, REFUND_PATCHABLE, REFUND_SELECT, REFUND_UNANNOUNCED, TOOL_CALL_COLUMNS,
} from "../columns.js";
import { toJson } from "../json-columns.js";
import { toolCallFromRow, type Row } from "../row-mapping.js";
import { insertSql, type SqliteDb } from "./sqlite-database.js";

export function sqliteLedgerRepositories(
  db: SqliteDb,
): Pick<Store, "toolCalls" | "connections" | "refundAttempts" | "paymentRoutes"> {
  const q = {
    insertToolCall: db.prepare(insertSql("tool_calls", TOOL_CALL_COLUMNS)),
    completeToolCall: db.prepare(
      `UPDATE tool_calls SET server = @server, output = @output, status = @status, error_code = @error_code,
       error_message = @error_message, idempotency_key = @idempotency_key, duration_ms = @duration_ms,
       completed_at = @completed_at WHERE id = @id`,
    ),
    getToolCall: db.prepare("SELECT * FROM tool_calls WHERE project_id = ? AND id = ?"),
    countToolCalls: db.prepare("SELECT COUNT(*) AS n FROM tool_calls WHERE project_id = ?"),
    upsertConnection: db.prepare(
      `${insertSql("connections", CONNECTION_COLUMNS)}
       ON CONFLICT (project_id, server, mode) DO UPDATE SET base_url = excluded.base_url,
       credentials_sealed = excluded.credentials_sealed, rate_limit_per_s = excluded.rate_limit_per_s,
       updated_at = excluded.updated_at`,
    ),
    findConnection: db.prepare("SELECT * FROM connections WHERE project_id = ? AND server = ? AND mode = ?"),
    getConnection: db.prepare("SELECT * FROM connections WHERE project_id = ? AND id = ?"),
    listConnections: db.prepare("SELECT * FROM connections WHERE project_id = ? ORDER BY server, mode"),
    removeConnection: db.prepare("DELETE FROM connections WHERE project_id = ? AND id = ?"),
    claimRefund: db.prepare(`${insertSql("refund_attempts", REFUND_COLUMNS)} ON CONFLICT (project_id, idempotency_key) DO NOTHING`),
    getRefund: db.prepare(`SELECT ${REFUND_SELECT} FROM refund_attempts WHERE project_id = ? AND idempotency_key = ?`),
    markAnnounced: db.prepare(
      "UPDATE refund_attempts SET announced_state = @state WHERE project_id = @project_id AND idempotency_key = @key AND state = @state",
    ),
    unannounced: db.prepare(
      `SELECT ${REFUND_SELECT} FROM refund_attempts WHERE ${REFUND_UNANNOUNCED} ORDER BY updated_at, project_id, idempotency_key LIMIT ?`,
    ),
    refundsForPayment: db.prepare(
      `SELECT ${REFUND_SELECT} FROM refund_attempts WHERE project_id = ? AND payment_id = ? AND created_at >= ? AND created_at < ?
       AND state IN ('succeeded', 'pending', 'in_flight', 'unknown') ORDER BY created_at`,
    ),
    recordRoute: db.prepare(
      `${insertSql("payment_routes", PAYMENT_ROUTE_COLUMNS)}
       ON CONFLICT (project_id, payment_id) DO NOTHING`,
    ),
    findRoute: db.prepare("SELECT * FROM payment_routes WHERE project_id = ? AND payment_id = ?"),
    acquireLease: db.prepare(
      `UPDATE refund_attempts SET lease_owner = @owner, lease_until = @until
       WHERE project_id = @project_id AND idempotency_key = @key AND (lease_until IS NULL OR lease_until < @now OR lease_owner = @owner)
       RETURNING ${REFUND_SELECT}`,
    ),
    releaseLease: db.prepare(
      "UPDATE refund_attempts SET lease_owner = NULL, lease_until = NULL WHERE project_id = ? AND idempotency_key = ? AND lease_owner = ?",
    ),
  };

  return {
    toolCalls: {
      async insert(t) {
        q.insertToolCall.run({ ...t, input: toJson(t.input), output: toJson(t.output), metadata: toJson(t.metadata) });
      },
      async complete(id, c) {
        q.completeToolCall.run({ ...c, id, output: toJson(c.output) });
      },
      async get(projectId, id) {
        const row = q.getToolCall.get(projectId, id) as Row | undefined;
        return row ? toolCallFromRow(row) : undefined;
      },
      async countForProject(projectId) {
        return Number((q.countToolCalls.get(projectId) as { n: number }).n);
      },
    },
    connections: {
      async upsert(c) {
        q.upsertConnection.run(c);
        return q.findConnection.get(c.project_id, c.server, c.mode) as ConnectionRecord;
      },
      async list(projectId) {
        return q.listConnections.all(projectId) as ConnectionRecord[];
      },
      async get(projectId, id) {
        return q.getConnection.get(projectId, id) as ConnectionRecord | undefined;
      },
      async find(projectId, server, mode) {
        return q.findConnection.get(projectId, server, mode) as ConnectionRecord | undefined;
      },
      async remove(projectId, id) {
        return q.removeConnection.run(projectId, id).changes > 0;
      },
    },
    refundAttempts: {
      async claim(r) {
        const created = q.claimRefund.run({ ...r, announced_state: null }).changes > 0;
        const record = q.getRefund.get(r.project_id, r.idempotency_key) as RefundAttemptRecord;
        return { record, created };
      },
      async get(projectId, key) {
        return q.getRefund.get(projectId, key) as RefundAttemptRecord | undefined;
      },
      async update(projectId, key, patch) {
        const cols = Object.keys(patch).filter((k) => REFUND_PATCHABLE.has(k));
        if (cols.length === 0) return;
        // Column names come from the fixed allow-list REFUND_PATCHABLE, never from input.
        const sets = cols.map((c) => `${c} = @${c}`);
        if (cols.includes("state")) sets.push("announced_state = NULL");
        db.prepare(
          `UPDATE refund_attempts SET ${sets.join(", ")}
           WHERE project_id = @project_id AND idempotency_key = @idempotency_key`,
        ).run({ ...patch, project_id: projectId, idempotency_key: key });
      },
      async markAnnounced(projectId, key, state) {
        q.markAnnounced.run({ project_id: projectId, key, state });
      },
      async unannounced(limit) {
        return q.unannounced.all(limit) as RefundAttemptRecord[];
      },
      async listForPayment(projectId, paymentId, from, to) {
        return q.refundsForPayment.all(projectId, paymentId, from, to) as RefundAttemptRecord[];
      },
      async acquireLease(projectId, key, owner, until, now) {
        return q.acquireLease.get({ project_id: projectId, key, owner, until, now }) as RefundAttemptRecord | undefined;
      },
      async releaseLease(projectId, key, owner) {
        q.releaseLease.run(projectId, key, owner);
      },
    },
    paymentRoutes: {
      async record(r: PaymentRouteRecord) {
        q.recordRoute.run(r);
      },
      async find(projectId, paymentId) {
        return q.findRoute.get(projectId, paymentId) as PaymentRouteRecord | undefined;
      },
    },
  };
}
