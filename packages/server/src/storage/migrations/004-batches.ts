import type { Migration } from "./migration.js";

export const batchesMigration: Migration = {
  version: 4,
  name: "batches",
  statements: [
    `CREATE TABLE batches (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL REFERENCES projects(id),
      mode TEXT NOT NULL,
      tool TEXT NOT NULL,
      session_id TEXT,
      servers TEXT NOT NULL,
      metadata TEXT NOT NULL,
      concurrency BIGINT NOT NULL,
      total BIGINT NOT NULL,
      status TEXT NOT NULL,
      completions BIGINT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      completed_at TEXT
    )`,
    `CREATE INDEX batches_status_idx ON batches (status)`,
    `CREATE TABLE batch_items (
      id TEXT PRIMARY KEY,
      batch_id TEXT NOT NULL REFERENCES batches(id),
      project_id TEXT NOT NULL,
      seq BIGINT NOT NULL,
      input TEXT NOT NULL,
      status TEXT NOT NULL,
      attempts BIGINT NOT NULL,
      tool_call_id TEXT,
      result TEXT,
      error_code TEXT,
      error_message TEXT,
      server TEXT,
      completion_index BIGINT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      completed_at TEXT,
      UNIQUE (batch_id, seq)
    )`,
    `CREATE INDEX batch_items_status_idx ON batch_items (batch_id, status, seq)`,
    `CREATE INDEX batch_items_completion_idx ON batch_items (batch_id, completion_index)`,
  ],
};
