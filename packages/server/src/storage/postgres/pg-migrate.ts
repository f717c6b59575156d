import { MIGRATIONS } from "../migrations/index.js";
import type { PgPool } from "./pg-database.js";

/** Advisory lock keys of this application (PostgreSQL's two-int form: class, object). */
export const ADVISORY_LOCK_CLASS = 7420;
export const MIGRATION_LOCK = 1;
export const AUDIT_CHAIN_LOCK = 2;

/**
 * Applies the same migrations as SQLite, each in its own transaction, recorded in
 * schema_migrations. Several API and worker processes start at once against one database, so
 * the whole run holds a session advisory lock: the first applies, the others wait and find
 * every version already recorded.
 */
export async function migratePostgres(pool: PgPool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1, $2)", [ADVISORY_LOCK_CLASS, MIGRATION_LOCK]);
    try {
      await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
      const applied = new Set((await client.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map((r) => Number(r.version)));
      for (const m of MIGRATIONS) {
        if (applied.has(m.version)) continue;
        await client.query("BEGIN");
        try {
          for (const sql of m.statements) await client.query(sql);
          await client.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [m.version, m.name, new Date().toISOString()]);
          await client.query("COMMIT");
        } catch (err) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw err;
        }
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock($1, $2)", [ADVISORY_LOCK_CLASS, MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
