import { join } from "node:path";
import type { Store } from "./store.js";
import { createSqliteStore } from "./sqlite/sqlite-store.js";

export type { Store } from "./store.js";
export * from "./records.js";
export * from "./batch-records.js";
export * from "./usage-records.js";
export * from "./audit-records.js";
export * from "./settlement-records.js";

/** Picks the store from configuration: the embedded SQLite file unless a database URL is given. */
export function openStore(opts: { dataDir: string; databaseUrl?: string | undefined }): Store {
  if (opts.databaseUrl && /^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
    throw new Error("PostgreSQL storage arrives with the issue \"Beyond one machine\"; unset DATABASE_URL to use the embedded SQLite store");
  }
  return createSqliteStore(opts.dataDir === ":memory:" ? ":memory:" : join(opts.dataDir, "codespar.db"));
}
