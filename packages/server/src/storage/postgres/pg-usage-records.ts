import type { UsageRecord, UsageRepository } from "../usage-records.js";
import { usageSummaryFromRow } from "../row-mapping.js";
import { USAGE_COLUMNS } from "../columns.js";
import { changes, firstRow, insertSql, rows, valuesOf, type PgPool } from "./pg-database.js";

export function pgUsageRepository(db: PgPool): { usage: UsageRepository } {
  return {
    usage: {
      async insert(r) {
        const sql = `${insertSql("usage_records", USAGE_COLUMNS)} ON CONFLICT (project_id, idempotency_key) DO NOTHING`;
        return (await changes(db, sql, valuesOf(r, USAGE_COLUMNS))) > 0;
      },
      async get(projectId, idempotencyKey) {
        return firstRow<UsageRecord>(db, "SELECT * FROM usage_records WHERE project_id = $1 AND idempotency_key = $2", [projectId, idempotencyKey]);
      },
      async summarize(projectId, from, to) {
        // SUM over BIGINT is NUMERIC in PostgreSQL (a string from the driver); totals are counts of minor units.
        const found = await rows<Record<string, unknown>>(
          db,
          `SELECT server, currency, COUNT(*) AS count, SUM(amount) AS amount, SUM(fee_base) AS fee_base,
           SUM(fee_fx) AS fee_fx, SUM(fee_total) AS fee_total
           FROM usage_records WHERE project_id = $1 AND created_at >= $2 AND created_at < $3
           GROUP BY server, currency ORDER BY server COLLATE "C", currency COLLATE "C"`,
          [projectId, from, to],
        );
        return found.map(usageSummaryFromRow);
      },
    },
  };
}
