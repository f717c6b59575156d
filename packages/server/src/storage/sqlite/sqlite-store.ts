import type { Store } from "../store.js";
import { openSqlite, type SqliteDb } from "./sqlite-database.js";
import { GroupCommit, grouped } from "./group-commit.js";
import { sqliteCoreRepositories } from "./sqlite-core-repositories.js";
import { sqliteLedgerRepositories } from "./sqlite-ledger-repositories.js";
import { sqliteBatchRepository } from "./sqlite-batch-repository.js";
import { sqliteUsageRepository } from "./sqlite-usage-records.js";
import { sqliteAuditLogRepository } from "./sqlite-audit-log.js";
import { sqliteSettlementRepository } from "./sqlite-settlement-repository.js";

/** The embedded default: one SQLite file in the data directory, nothing else to run. */
export function createSqliteStore(file: string): Store {
  const db: SqliteDb = openSqlite(file);
  const repositories: Omit<Store, "kind" | "close"> = {
    ...sqliteCoreRepositories(db),
    ...sqliteLedgerRepositories(db),
    batches: sqliteBatchRepository(db),
    ...sqliteUsageRepository(db),
    ...sqliteAuditLogRepository(db),
    settlement: sqliteSettlementRepository(db),
  };
  const commit = new GroupCommit(db);
  const groupedRepositories = Object.fromEntries(Object.entries(repositories).map(([name, repo]) => [name, grouped(repo as object, commit)]));
  return {
    kind: "sqlite",
    ...(groupedRepositories as Omit<Store, "kind" | "close">),
    async close() {
      if (db.open) db.close();
    },
  };
}
