import type { Store } from "../store.js";
import { openSqlite, type SqliteDb } from "./sqlite-database.js";
import { sqliteCoreRepositories } from "./sqlite-core-repositories.js";
import { sqliteLedgerRepositories } from "./sqlite-ledger-repositories.js";
import { sqliteBatchRepository } from "./sqlite-batch-repository.js";
import { sqliteUsageRepository } from "./sqlite-usage-records.js";
import { sqliteAuditLogRepository } from "./sqlite-audit-log.js";
import { sqliteSettlementRepository } from "./sqlite-settlement-repository.js";

/** The embedded default: one SQLite file in the data directory, nothing else to run. */
export function createSqliteStore(file: string): Store {
  const db: SqliteDb = openSqlite(file);
  return {
    kind: "sqlite",
    ...sqliteCoreRepositories(db),
    ...sqliteLedgerRepositories(db),
    batches: sqliteBatchRepository(db),
    ...sqliteUsageRepository(db),
    ...sqliteAuditLogRepository(db),
    settlement: sqliteSettlementRepository(db),
    async close() {
      if (db.open) db.close();
    },
  };
}
