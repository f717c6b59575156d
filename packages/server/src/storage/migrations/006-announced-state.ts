import type { Migration } from "./migration.js";

/**
 * An outbox kept in the refund row itself: `announced_state` is the last state whose
 * `refund.state` announcement every listener finished. A row whose state differs was changed
 * and not (yet) announced, so a crash between the two is found again at the next start.
 */
export const announcedStateMigration: Migration = {
  version: 6,
  name: "announced-state",
  statements: [
    `ALTER TABLE refund_attempts ADD COLUMN announced_state TEXT`,
    // Rows from before this migration were announced by the code that wrote them.
    `UPDATE refund_attempts SET announced_state = state`,
    // Partial, with a predicate both SQLite and PostgreSQL accept (and match in the query): it holds only unannounced rows, so it stays near empty.
    `CREATE INDEX refund_attempts_unannounced_idx ON refund_attempts (updated_at, project_id, idempotency_key)
      WHERE announced_state IS NULL OR announced_state <> state`,
  ],
};
