import { join } from "node:path";
import type { Store } from "./store.js";
import { createSqliteStore } from "./sqlite/sqlite-store.js";

export type { Store } from "./store.js";
export * from "./records.js";
export * from "./batch-records.js";
export * from "./usage-records.js";
export * from "./audit-records.js";
export * from "./settlement-records.js";

/** True for a postgres:// or postgresql:// URL: the one kind of DATABASE_URL that selects PostgreSQL. */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url);
}

/**
 * Picks the store from configuration: the embedded SQLite file unless a PostgreSQL URL is given.
 * Async because opening PostgreSQL migrates it over the network.
 */
export async function openStore(opts: { dataDir: string; databaseUrl?: string | undefined }): Promise<Store> {
  if (isPostgresUrl(opts.databaseUrl)) {
    // Loaded only when asked for: the embedded default never loads the PostgreSQL driver.
    const { createPostgresStore } = await import("./postgres/pg-store.js");
    return createPostgresStore(opts.databaseUrl);
  }
  return createSqliteStore(opts.dataDir === ":memory:" ? ":memory:" : join(opts.dataDir, "codespar.db"));
}
