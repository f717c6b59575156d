import type { BatchCounts, BatchItemRecord, BatchRecord, BatchRepository } from "../batch-records.js";
import { BATCH_COLUMNS, ITEM_COLUMNS } from "../columns.js";
import { toJson } from "../json-columns.js";
import { batchFromRow, itemFromRow, type Row } from "../row-mapping.js";
import { insertSql, type SqliteDb } from "./sqlite-database.js";

export function sqliteBatchRepository(db: SqliteDb): BatchRepository {
  const q = {
    insertBatch: db.prepare(insertSql("batches", BATCH_COLUMNS)),
    insertItem: db.prepare(insertSql("batch_items", ITEM_COLUMNS)),
    get: db.prepare("SELECT * FROM batches WHERE project_id = ? AND id = ?"),
    running: db.prepare("SELECT * FROM batches WHERE status = 'running' ORDER BY created_at"),
    counts: db.prepare("SELECT status, COUNT(*) AS n FROM batch_items WHERE batch_id = ? GROUP BY status"),
    claim: db.prepare(
      `UPDATE batch_items SET status = 'running', attempts = attempts + 1, updated_at = ?
       WHERE id = ? AND status = 'queued' RETURNING *`,
    ),
    claimLeased: db.prepare(
      `UPDATE batch_items SET status = 'running', attempts = attempts + 1, updated_at = @at, lease_owner = @owner, lease_until = @until
       WHERE id = @id AND (status = 'queued' OR (status = 'running' AND lease_until IS NOT NULL AND (lease_until < @at OR lease_owner = @owner)))
       RETURNING *`,
    ),
    leaseOf: db.prepare("SELECT status, lease_until FROM batch_items WHERE id = ?"),
    renewLease: db.prepare("UPDATE batch_items SET lease_until = @until WHERE id = @id AND status = 'running' AND lease_owner = @owner"),
    bumpCompletions: db.prepare("UPDATE batches SET completions = completions + 1, updated_at = ? WHERE id = ? RETURNING completions"),
    complete: db.prepare(
      `UPDATE batch_items SET status = @status, tool_call_id = @tool_call_id, result = @result, error_code = @error_code,
       error_message = @error_message, server = @server, completion_index = @completion_index, updated_at = @completed_at,
       completed_at = @completed_at WHERE id = @id`,
    ),
    items: db.prepare("SELECT * FROM batch_items WHERE batch_id = ? AND seq > ? ORDER BY seq LIMIT ?"),
    itemsByStatus: db.prepare("SELECT * FROM batch_items WHERE batch_id = ? AND status = ? AND seq > ? ORDER BY seq LIMIT ?"),
    completedSince: db.prepare(
      "SELECT * FROM batch_items WHERE batch_id = ? AND completion_index > ? ORDER BY completion_index LIMIT ?",
    ),
    unfinished: db.prepare("SELECT id FROM batch_items WHERE batch_id = ? AND status IN ('queued', 'running') ORDER BY seq"),
    requeueRunning: db.prepare("UPDATE batch_items SET status = 'queued', updated_at = ? WHERE batch_id = ? AND status = 'running'"),
    cancelQueued: db.prepare("UPDATE batch_items SET status = 'cancelled', updated_at = ? WHERE batch_id = ? AND status = 'queued'"),
    requeueFailed: db.prepare("UPDATE batch_items SET status = 'queued', updated_at = ? WHERE batch_id = ? AND status = 'failed' RETURNING id, seq"),
    setStatus: db.prepare(
      `UPDATE batches SET status = ?, updated_at = ?, completed_at = CASE WHEN ? = 'running' THEN NULL ELSE ? END WHERE id = ?`,
    ),
  };

  const insertAll = db.transaction((batch: BatchRecord, items: BatchItemRecord[]) => {
    q.insertBatch.run({ ...batch, servers: toJson(batch.servers), metadata: toJson(batch.metadata) });
    for (const item of items) q.insertItem.run({ ...item, input: toJson(item.input), result: toJson(item.result) });
  });

  const completeTx = db.transaction((itemId: string, batchId: string, c: Parameters<BatchRepository["complete"]>[2]) => {
    const { completions } = q.bumpCompletions.get(c.completed_at, batchId) as { completions: number };
    q.complete.run({ ...c, id: itemId, result: toJson(c.result), completion_index: completions });
  });

  return {
    async insert(batch, items) {
      insertAll(batch, items);
    },
    async get(projectId, id) {
      const row = q.get.get(projectId, id) as Row | undefined;
      return row ? batchFromRow(row) : undefined;
    },
    async listRunning() {
      return (q.running.all() as Row[]).map(batchFromRow);
    },
    async counts(batchId) {
      const counts: BatchCounts = { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
      for (const r of q.counts.all(batchId) as { status: keyof BatchCounts; n: number }[]) counts[r.status] = Number(r.n);
      return counts;
    },
    async claim(itemId, at) {
      const row = q.claim.get(at, itemId) as Row | undefined;
      return row ? itemFromRow(row) : undefined;
    },
    async claimLeased(itemId, at, lease) {
      const row = q.claimLeased.get({ id: itemId, at, owner: lease.owner, until: lease.until }) as Row | undefined;
      if (row) return { outcome: "claimed", item: itemFromRow(row) };
      const held = q.leaseOf.get(itemId) as { status: string; lease_until: string | null } | undefined;
      return held?.status === "running" ? { outcome: "leased", until: held.lease_until } : { outcome: "finished" };
    },
    async renewLease(itemId, lease) {
      return q.renewLease.run({ id: itemId, owner: lease.owner, until: lease.until }).changes > 0;
    },
    async complete(itemId, batchId, c) {
      completeTx(itemId, batchId, c);
    },
    async items(batchId, { status, afterSeq, limit }) {
      const rows = status ? q.itemsByStatus.all(batchId, status, afterSeq ?? -1, limit) : q.items.all(batchId, afterSeq ?? -1, limit);
      return (rows as Row[]).map(itemFromRow);
    },
    async completedSince(batchId, completionIndex, limit) {
      return (q.completedSince.all(batchId, completionIndex, limit) as Row[]).map(itemFromRow);
    },
    async unfinishedItemIds(batchId) {
      return (q.unfinished.all(batchId) as { id: string }[]).map((r) => r.id);
    },
    async requeueRunning(batchId, at) {
      return q.requeueRunning.run(at, batchId).changes;
    },
    async cancelQueued(batchId, at) {
      return q.cancelQueued.run(at, batchId).changes;
    },
    async requeueFailed(batchId, at) {
      return (q.requeueFailed.all(at, batchId) as { id: string; seq: number }[]).sort((a, b) => a.seq - b.seq).map((r) => r.id);
    },
    async setStatus(batchId, status, at) {
      q.setStatus.run(status, at, status, at, batchId);
    },
  };
}
