import type { Store } from "../store.js";
import { createPgPool, type PgPoolOptions } from "./pg-database.js";
import { migratePostgres } from "./pg-migrate.js";
import { pgCoreRepositories } from "./pg-core-repositories.js";
import { pgLedgerRepositories } from "./pg-ledger-repositories.js";
import { pgBatchRepository } from "./pg-batch-repository.js";
import { pgUsageRepository } from "./pg-usage-records.js";
import { pgAuditLogRepository } from "./pg-audit-log.js";
import { pgSettlementRepository } from "./pg-settlement-repository.js";

/**
 * Beyond one machine: every piece of state in one PostgreSQL database shared by all API and
 * worker processes. Migrated on open (under an advisory lock), so the first process to start
 * brings the schema up to date.
 */
export async function createPostgresStore(connectionString: string, opts: PgPoolOptions = {}): Promise<Store> {
  const pool = createPgPool(connectionString, opts);
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  let closed: Promise<void> | undefined;
  return {
    kind: "postgres",
    ...pgCoreRepositories(pool),
    ...pgLedgerRepositories(pool),
    batches: pgBatchRepository(pool),
    ...pgUsageRepository(pool),
    ...pgAuditLogRepository(pool),
    settlement: pgSettlementRepository(pool),
    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}
