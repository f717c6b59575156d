import { createSqliteStore, openStore, type Store } from "@codespar/server";
import { createTestDatabase } from "../postgres/pg-test-database.js";

/** `CODESPAR_TEST_STORE=postgres`: the store-level tests run on a fresh PostgreSQL database instead of SQLite. */
export const ON_POSTGRES = process.env.CODESPAR_TEST_STORE === "postgres";

/** A fresh, migrated store; closing it drops its PostgreSQL database. */
export async function openTestStore(): Promise<Store> {
  if (!ON_POSTGRES) return createSqliteStore(":memory:");
  const db = await createTestDatabase();
  const store = await openStore({ dataDir: ":memory:", databaseUrl: db.url });
  const close = store.close.bind(store);
  return { ...store, close: async () => { await close(); await db.drop(); } };
}
