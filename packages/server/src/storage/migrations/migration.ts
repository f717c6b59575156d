/**
 * Schema migrations, applied in order on start and recorded in schema_migrations. Plain SQL
 * that both SQLite and PostgreSQL accept: TEXT for ids, ISO-8601 timestamps and JSON,
 * BIGINT for money in minor units. Never edit a shipped migration; add the next one in its own
 * file and list it in index.ts.
 */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}
