import type { Migration } from "./migration.js";

/** Settlement: what webhooks and the poller learned about each refund, and when to ask again. */
export const settlementMigration: Migration = {
  version: 2,
  name: "settlement",
  statements: [
    `CREATE TABLE settlement_events (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL REFERENCES projects(id),
      idempotency_key TEXT NOT NULL,
      source TEXT NOT NULL,
      type TEXT NOT NULL,
      state TEXT NOT NULL,
      provider_event_id TEXT,
      at TEXT NOT NULL,
      data TEXT NOT NULL
    )`,
    `CREATE INDEX settlement_events_refund_idx ON settlement_events (project_id, idempotency_key, at)`,
    // NULLs are distinct in both SQLite and PostgreSQL: call and poller events (no provider id) never collide.
    `CREATE UNIQUE INDEX settlement_events_provider_idx ON settlement_events (project_id, idempotency_key, provider_event_id)`,
    `CREATE TABLE webhook_deliveries (
      connection_id TEXT NOT NULL,
      provider_event_id TEXT NOT NULL,
      project_id TEXT NOT NULL REFERENCES projects(id),
      server TEXT NOT NULL,
      event_type TEXT NOT NULL,
      raw_body TEXT NOT NULL,
      received_at TEXT NOT NULL,
      processed_at TEXT,
      PRIMARY KEY (connection_id, provider_event_id)
    )`,
    `CREATE TABLE settlement_checks (
      project_id TEXT NOT NULL REFERENCES projects(id),
      idempotency_key TEXT NOT NULL,
      checks BIGINT NOT NULL,
      next_check_at TEXT NOT NULL,
      gave_up_at TEXT,
      PRIMARY KEY (project_id, idempotency_key)
    )`,
    `CREATE INDEX settlement_checks_due_idx ON settlement_checks (next_check_at)`,
    // Webhooks find refund rows by the provider's refund id; the poller by state.
    `CREATE INDEX refund_attempts_refund_id_idx ON refund_attempts (project_id, server, refund_id)`,
    `CREATE INDEX refund_attempts_state_idx ON refund_attempts (state, updated_at)`,
  ],
};
