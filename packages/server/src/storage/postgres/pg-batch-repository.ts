import type { BatchCounts, BatchRepository } from "../batch-records.js";
import { BATCH_COLUMNS, ITEM_COLUMNS } from "../columns.js";
import { toJson } from "../json-columns.js";
import { batchFromRow, itemFromRow, type Row } from "../row-mapping.js";
import { changes, firstRow, inTransaction, insertSql, rows, valuesOf, type PgPool } from "./pg-database.js";

const ITEM_SELECT = ITEM_COLUMNS.join(", ");

/** Rows per multi-row INSERT: 1,000 items x 16 columns stays well under PostgreSQL's 65,535 parameters. */
const INSERT_CHUNK = 1000;

function multiRowInsert(table: string, columns: readonly string[], count: number): string {
  const tuples: string[] = [];
  for (let r = 0; r < count; r++) tuples.push(`(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(", ")})`);
  return `INSERT INTO ${table} (${columns.join(", ")}) VALUES ${tuples.join(", ")}`;
}

export function pgBatchRepository(db: PgPool): BatchRepository {
  return {
    async insert(batch, items) {
      await inTransaction(db, async (tx) => {
        await tx.query(insertSql("batches", BATCH_COLUMNS), valuesOf({ ...batch, servers: toJson(batch.servers), metadata: toJson(batch.metadata) }, BATCH_COLUMNS));
        for (let i = 0; i < items.length; i += INSERT_CHUNK) {
          const chunk = items.slice(i, i + INSERT_CHUNK);
          const params = chunk.flatMap((item) => valuesOf({ ...item, input: toJson(item.input), result: toJson(item.result) }, ITEM_COLUMNS));
          await tx.query(multiRowInsert("batch_items", ITEM_COLUMNS, chunk.length), params);
        }
      });
    },
    async get(projectId, id) {
      const row = await firstRow<Row>(db, "SELECT * FROM batches WHERE project_id = $1 AND id = $2", [projectId, id]);
      return row ? batchFromRow(row) : undefined;
    },
    async listRunning() {
      return (await rows<Row>(db, "SELECT * FROM batches WHERE status = 'running' ORDER BY created_at")).map(batchFromRow);
    },
    async counts(batchId) {
      const counts: BatchCounts = { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
      for (const r of await rows<{ status: keyof BatchCounts; n: number }>(db, "SELECT status, COUNT(*) AS n FROM batch_items WHERE batch_id = $1 GROUP BY status", [batchId])) {
        counts[r.status] = Number(r.n);
      }
      return counts;
    },
    async claim(itemId, at) {
      const row = await firstRow<Row>(
        db,
        `UPDATE batch_items SET status = 'running', attempts = attempts + 1, updated_at = $1
         WHERE id = $2 AND status = 'queued' RETURNING ${ITEM_SELECT}`,
        [at, itemId],
      );
      return row ? itemFromRow(row) : undefined;
    },
    async claimLeased(itemId, at, lease) {
      // One statement: the row lock it takes makes two workers racing for one item see one winner.
      const row = await firstRow<Row>(
        db,
        `UPDATE batch_items SET status = 'running', attempts = attempts + 1, updated_at = $1, lease_owner = $3, lease_until = $4
         WHERE id = $2 AND (status = 'queued' OR (status = 'running' AND lease_until IS NOT NULL AND (lease_until < $1 OR lease_owner = $3)))
         RETURNING ${ITEM_SELECT}`,
        [at, itemId, lease.owner, lease.until],
      );
      if (row) return { outcome: "claimed", item: itemFromRow(row) };
      const held = await firstRow<{ status: string; lease_until: string | null }>(db, "SELECT status, lease_until FROM batch_items WHERE id = $1", [itemId]);
      return held?.status === "running" ? { outcome: "leased", until: held.lease_until } : { outcome: "finished" };
    },
    async renewLease(itemId, lease) {
      return (await changes(db, "UPDATE batch_items SET lease_until = $1 WHERE id = $2 AND status = 'running' AND lease_owner = $3", [lease.until, itemId, lease.owner])) > 0;
    },
    async complete(itemId, batchId, c) {
      // One statement, so one implicit transaction and one round trip. The item is locked first
      // and must still be running: a worker that lost its lease and finishes late finds it
      // completed by its successor and changes nothing, so each completion is counted once. The
      // batch row's lock then orders completions across workers for the event cursor.
      await db.query(
        `WITH item AS (SELECT id FROM batch_items WHERE id = $1 AND status = 'running' FOR UPDATE),
         bumped AS (
           UPDATE batches SET completions = completions + 1, updated_at = $3
           WHERE id = $2 AND EXISTS (SELECT 1 FROM item) RETURNING completions
         )
         UPDATE batch_items SET status = $4, tool_call_id = $5, result = $6, error_code = $7, error_message = $8, server = $9,
           completion_index = (SELECT completions FROM bumped), updated_at = $3, completed_at = $3
         WHERE id = $1 AND EXISTS (SELECT 1 FROM bumped)`,
        [itemId, batchId, c.completed_at, c.status, c.tool_call_id, toJson(c.result), c.error_code, c.error_message, c.server],
      );
    },
    async items(batchId, { status, afterSeq, limit }) {
      const found = status
        ? await rows<Row>(db, `SELECT ${ITEM_SELECT} FROM batch_items WHERE batch_id = $1 AND status = $2 AND seq > $3 ORDER BY seq LIMIT $4`, [batchId, status, afterSeq ?? -1, limit])
        : await rows<Row>(db, `SELECT ${ITEM_SELECT} FROM batch_items WHERE batch_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [batchId, afterSeq ?? -1, limit]);
      return found.map(itemFromRow);
    },
    async completedSince(batchId, completionIndex, limit) {
      return (await rows<Row>(
        db,
        `SELECT ${ITEM_SELECT} FROM batch_items WHERE batch_id = $1 AND completion_index > $2 ORDER BY completion_index LIMIT $3`,
        [batchId, completionIndex, limit],
      )).map(itemFromRow);
    },
    async unfinishedItemIds(batchId) {
      return (await rows<{ id: string }>(db, "SELECT id FROM batch_items WHERE batch_id = $1 AND status IN ('queued', 'running') ORDER BY seq", [batchId])).map((r) => r.id);
    },
    async requeueRunning(batchId, at) {
      return changes(db, "UPDATE batch_items SET status = 'queued', updated_at = $1 WHERE batch_id = $2 AND status = 'running'", [at, batchId]);
    },
    async cancelQueued(batchId, at) {
      return changes(db, "UPDATE batch_items SET status = 'cancelled', updated_at = $1 WHERE batch_id = $2 AND status = 'queued'", [at, batchId]);
    },
    async requeueFailed(batchId, at) {
      const found = await rows<{ id: string; seq: number }>(
        db,
        "UPDATE batch_items SET status = 'queued', updated_at = $1 WHERE batch_id = $2 AND status = 'failed' RETURNING id, seq",
        [at, batchId],
      );
      return found.sort((a, b) => a.seq - b.seq).map((r) => r.id);
    },
    async setStatus(batchId, status, at) {
      await db.query(
        "UPDATE batches SET status = $1, updated_at = $2, completed_at = CASE WHEN $1 = 'running' THEN NULL ELSE $2 END WHERE id = $3",
        [status, at, batchId],
      );
    },
  };
}
