import { afterAll, beforeAll } from "vitest";
import { openStore, type Store } from "@codespar/server";
import { storeContract } from "../storage/store-contract.js";
import { billingAuditContract } from "../storage/billing-audit-contract.js";
import { workerStoreContract } from "./worker-store-contract.js";
import { createTestDatabase, createTestSchema, type TestDatabase } from "./pg-test-database.js";
import { describeWithServices, missingServices } from "./service-gate.js";

/**
 * The shared store suites on PostgreSQL: one fresh database for this run, and in it a fresh
 * schema per opened store, so every test starts from an empty, freshly migrated store.
 */
const missing = await missingServices({ postgres: true });

describeWithServices("PostgreSQL store", missing, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  async function openFresh(): Promise<{ store: Store; url: string }> {
    const schema = await createTestSchema(db.url);
    const store = await openStore({ dataDir: ":memory:", databaseUrl: schema.url });
    const close = store.close.bind(store);
    return { url: schema.url, store: { ...store, close: async () => { await close(); await schema.drop(); } } };
  }

  storeContract("PostgreSQL", async () => (await openFresh()).store);
  billingAuditContract("PostgreSQL", async () => (await openFresh()).store);
  workerStoreContract("PostgreSQL", async () => {
    const { store, url } = await openFresh();
    // Another pool on the same schema: what a second API or worker process has.
    return { store, openSecond: () => openStore({ dataDir: ":memory:", databaseUrl: url }) };
  });
});
