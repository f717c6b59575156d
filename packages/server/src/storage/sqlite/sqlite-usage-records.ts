import type { UsageRecord, UsageRepository } from "../usage-records.js";
import { USAGE_COLUMNS } from "../columns.js";
import { usageSummaryFromRow, type Row } from "../row-mapping.js";
import { insertSql, type SqliteDb } from "./sqlite-database.js";

// SQLite has no boolean storage class: cross_border is 0/1 on disk and a boolean everywhere else.
function usageFromRow(r: Row): UsageRecord {
  return { ...(r as unknown as UsageRecord), cross_border: Number(r.cross_border) === 1 };
}

export function sqliteUsageRepository(db: SqliteDb): { usage: UsageRepository } {
  const q = {
    insert: db.prepare(`${insertSql("usage_records", USAGE_COLUMNS)} ON CONFLICT (project_id, idempotency_key) DO NOTHING`),
    get: db.prepare("SELECT * FROM usage_records WHERE project_id = ? AND idempotency_key = ?"),
    summarize: db.prepare(
      `SELECT server, currency, COUNT(*) AS count, SUM(amount) AS amount, SUM(fee_base) AS fee_base,
       SUM(fee_fx) AS fee_fx, SUM(fee_total) AS fee_total
       FROM usage_records WHERE project_id = ? AND created_at >= ? AND created_at < ?
       GROUP BY server, currency ORDER BY server, currency`,
    ),
  };
  return {
    usage: {
      async insert(r) {
        return q.insert.run({ ...r, cross_border: r.cross_border ? 1 : 0 }).changes > 0;
      },
      async get(projectId, idempotencyKey) {
        const row = q.get.get(projectId, idempotencyKey) as Row | undefined;
        return row ? usageFromRow(row) : undefined;
      },
      async summarize(projectId, from, to) {
        return (q.summarize.all(projectId, from, to) as Row[]).map(usageSummaryFromRow);
      },
    },
  };
}
