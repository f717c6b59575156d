import pg from "pg";
import type { PoolClient, QueryResultRow } from "pg";

/** One pool per process; every repository borrows from it. */
export type PgPool = pg.Pool;

// BIGINT (int8) and COUNT(*) come back as numbers, as they do from SQLite: every BIGINT here is
// money in minor units, a counter or a duration, all far inside Number.MAX_SAFE_INTEGER.
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};

export interface PgPoolOptions {
  /** Connections this process keeps open. Default 10. */
  max?: number;
}

export function createPgPool(connectionString: string, opts: PgPoolOptions = {}): PgPool {
  const pool = new pg.Pool({ connectionString, max: opts.max ?? 10, types, connectionTimeoutMillis: 10_000 });
  // An idle client that loses its server (a PostgreSQL restart) must not crash the process;
  // the pool drops it and the next query opens a fresh one.
  pool.on("error", () => undefined);
  return pool;
}

/** Runs `work` in one transaction on one client: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: PgPool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Anything that runs a query: the pool itself or a client inside a transaction. */
export type Queryable = Pick<PgPool, "query"> | PoolClient;

export async function rows<R extends QueryResultRow>(db: Queryable, sql: string, params: unknown[] = []): Promise<R[]> {
  return (await db.query<R>(sql, params)).rows;
}

export async function firstRow<R extends QueryResultRow>(db: Queryable, sql: string, params: unknown[] = []): Promise<R | undefined> {
  return (await db.query<R>(sql, params)).rows[0];
}

/** Rows changed by an INSERT/UPDATE/DELETE. */
export async function changes(db: Queryable, sql: string, params: unknown[] = []): Promise<number> {
  return (await db.query(sql, params)).rowCount ?? 0;
}

/** "INSERT INTO t (a, b) VALUES ($1, $2)" for a record's columns, and the values in that order. */
export function insertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`;
}

export function valuesOf(record: object, columns: readonly string[]): unknown[] {
  const r = record as Record<string, unknown>;
  return columns.map((c) => r[c] ?? null);
}
