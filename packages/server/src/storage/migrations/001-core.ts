import type { Migration } from "./migration.js";

export const coreMigration: Migration = {
    version: 1,
    name: "core",
    statements: [
      `CREATE TABLE projects (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        home_currency TEXT NOT NULL,
        created_at TEXT NOT NULL
      )`,
      `CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id),
        mode TEXT NOT NULL,
        display_prefix TEXT NOT NULL,
        key_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      )`,
      `CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id),
        user_id TEXT NOT NULL,
        mode TEXT NOT NULL,
        servers TEXT NOT NULL,
        metadata TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_active_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        closed_at TEXT
      )`,
      `CREATE INDEX sessions_project_idx ON sessions (project_id, id)`,
      `CREATE TABLE tool_calls (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id),
        session_id TEXT,
        batch_item_id TEXT,
        tool TEXT NOT NULL,
        action TEXT,
        server TEXT,
        input TEXT NOT NULL,
        output TEXT,
        metadata TEXT NOT NULL,
        status TEXT NOT NULL,
        error_code TEXT,
        error_message TEXT,
        idempotency_key TEXT,
        duration_ms BIGINT,
        created_at TEXT NOT NULL,
        completed_at TEXT
      )`,
      `CREATE INDEX tool_calls_project_idx ON tool_calls (project_id, created_at)`,
      `CREATE INDEX tool_calls_key_idx ON tool_calls (project_id, idempotency_key)`,
      `CREATE TABLE connections (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id),
        server TEXT NOT NULL,
        mode TEXT NOT NULL,
        base_url TEXT NOT NULL,
        credentials_sealed TEXT NOT NULL,
        rate_limit_per_s BIGINT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (project_id, server, mode)
      )`,
      `CREATE TABLE refund_attempts (
        project_id TEXT NOT NULL REFERENCES projects(id),
        idempotency_key TEXT NOT NULL,
        server TEXT NOT NULL,
        connection_id TEXT NOT NULL,
        payment_id TEXT NOT NULL,
        amount BIGINT,
        state TEXT NOT NULL,
        refund_id TEXT,
        refunded_amount BIGINT,
        currency TEXT,
        error_code TEXT,
        attempts BIGINT NOT NULL,
        first_tool_call_id TEXT NOT NULL,
        last_tool_call_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (project_id, idempotency_key)
      )`,
      `CREATE INDEX refund_attempts_payment_idx ON refund_attempts (project_id, payment_id, created_at)`,
      `CREATE TABLE payment_routes (
        project_id TEXT NOT NULL REFERENCES projects(id),
        payment_id TEXT NOT NULL,
        server TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (project_id, payment_id)
      )`,
    ],
  };
