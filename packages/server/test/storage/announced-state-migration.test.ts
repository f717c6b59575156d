import Database from "better-sqlite3";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createSqliteStore, openStore, type Store } from "@codespar/server";
import { MIGRATIONS } from "../../src/storage/migrations/index.js";
import { ON_POSTGRES } from "../helpers/test-store.js";
import { createTestDatabase } from "../postgres/pg-test-database.js";

const now = "2026-11-27T10:00:00.000Z";
const BEFORE = MIGRATIONS.filter((m) => m.version < 6);
const LEGACY_ROWS = [
  `INSERT INTO projects (id, name, home_currency, created_at) VALUES ('proj_a', 'a', 'USD', '${now}')`,
  ...(["succeeded", "failed", "in_flight"] as const).map((state, i) =>
    `INSERT INTO refund_attempts (project_id, idempotency_key, server, connection_id, payment_id, amount, state, attempts, first_tool_call_id, last_tool_call_id, created_at, updated_at)
     VALUES ('proj_a', 'k${i}', 'stripe', 'conn_1', 'pi_1', 500, '${state}', 1, 'tc_1', 'tc_1', '${now}', '${now}')`),
];

/** A database as a server before migration 6 left it, then opened by this one. */
async function upgradeLegacy(): Promise<{ store: Store; drop(): Promise<void> }> {
  const applied = BEFORE.flatMap((m) => [...m.statements, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (${m.version}, '${m.name}', '${now}')`]);
  const schema = "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
  if (ON_POSTGRES) {
    const db = await createTestDatabase();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    for (const sql of [schema, ...applied, ...LEGACY_ROWS]) await client.query(sql);
    await client.end();
    return { store: await openStore({ dataDir: ":memory:", databaseUrl: db.url }), drop: () => db.drop() };
  }
  const file = join(mkdtempSync(join(tmpdir(), "codespar-migrate-")), "codespar.db");
  const raw = new Database(file);
  for (const sql of [schema, ...applied, ...LEGACY_ROWS]) raw.exec(sql);
  raw.close();
  return { store: createSqliteStore(file), drop: async () => undefined };
}

describe(`migration 6 on ${ON_POSTGRES ? "PostgreSQL" : "SQLite"}`, () => {
  let opened: Awaited<ReturnType<typeof upgradeLegacy>> | undefined;
  afterEach(async () => {
    await opened?.store.close();
    await opened?.drop();
  });

  it("counts rows written before it as announced, so an upgrade announces nothing again", async () => {
    opened = await upgradeLegacy();
    const { store } = opened;
    expect(await store.refundAttempts.unannounced(10)).toEqual([]);
    expect((await store.refundAttempts.get("proj_a", "k0"))?.announced_state).toBe("succeeded");
    // An old in-flight row that its re-run settles is announced like any other.
    await store.refundAttempts.update("proj_a", "k2", { state: "succeeded" });
    expect((await store.refundAttempts.unannounced(10)).map((r) => r.idempotency_key)).toEqual(["k2"]);
  });
});
