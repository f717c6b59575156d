import { randomBytes } from "node:crypto";
import pg from "pg";

/** Where tests create their throwaway databases: a superuser connection to any existing database. */
export const TEST_DATABASE_URL = process.env.CODESPAR_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  /** postgres://… of the fresh database (or schema). */
  url: string;
  drop(): Promise<void>;
}

/** Why PostgreSQL cannot be used (unreachable within 1 s, refused, …), or undefined when it answers. */
export async function postgresUnavailable(url = TEST_DATABASE_URL): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (err) {
    return `PostgreSQL at ${redact(url)} did not answer (${err instanceof Error ? err.message : String(err)})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function admin<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** CREATE DATABASE codespar_test_<random>; drop() removes it, closing whatever is still connected. */
export async function createTestDatabase(baseUrl = TEST_DATABASE_URL): Promise<TestDatabase> {
  const name = `codespar_test_${randomBytes(6).toString("hex")}`;
  await admin(baseUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(baseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * A fresh schema in an existing database, reached through a URL whose search_path points at
 * it: cheaper than a database when every test wants an empty store.
 */
export async function createTestSchema(databaseUrl: string): Promise<TestDatabase> {
  const name = `s_${randomBytes(6).toString("hex")}`;
  await admin(databaseUrl, (c) => c.query(`CREATE SCHEMA ${name}`));
  const url = new URL(databaseUrl);
  url.searchParams.set("options", `-c search_path=${name}`);
  return {
    url: url.toString(),
    drop: () => admin(databaseUrl, (c) => c.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`)).then(() => undefined),
  };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}
