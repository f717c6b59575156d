import type { Migration } from "./migration.js";

/**
 * Billing and audit. Portable SQL: BOOLEAN is a real type in PostgreSQL and numeric 0/1 in
 * SQLite; audit seq is assigned by the application (no AUTOINCREMENT/SERIAL) because the chain
 * must be contiguous and each record's hash covers its seq.
 */
export const billingAuditMigration: Migration = {
  version: 3,
  name: "billing-audit",
  statements: [
    `CREATE TABLE usage_records (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL REFERENCES projects(id),
      idempotency_key TEXT NOT NULL,
      tool_call_id TEXT NOT NULL,
      server TEXT NOT NULL,
      kind TEXT NOT NULL,
      amount BIGINT NOT NULL,
      currency TEXT NOT NULL,
      home_currency TEXT NOT NULL,
      cross_border BOOLEAN NOT NULL,
      fx_rate TEXT,
      fx_source TEXT NOT NULL,
      amount_usd BIGINT,
      fee_base BIGINT NOT NULL,
      fee_fx BIGINT NOT NULL,
      fee_total BIGINT NOT NULL,
      fee_currency TEXT NOT NULL,
      created_at TEXT NOT NULL,
      UNIQUE (project_id, idempotency_key)
    )`,
    `CREATE INDEX usage_records_period_idx ON usage_records (project_id, created_at)`,
    `CREATE TABLE audit_log (
      seq BIGINT PRIMARY KEY,
      at TEXT NOT NULL,
      project_id TEXT,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      subject TEXT NOT NULL,
      data TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL
    )`,
    `CREATE INDEX audit_log_project_idx ON audit_log (project_id, seq)`,
  ],
};
