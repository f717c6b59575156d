// Both stores read and write the same rows through the same migrations, so the column lists live once.

export const PROJECT_COLUMNS = ["id", "name", "home_currency", "created_at"] as const;

export const KEY_COLUMNS = ["id", "project_id", "mode", "display_prefix", "key_hash", "created_at", "revoked_at"] as const;

export const SESSION_COLUMNS = [
  "id", "project_id", "user_id", "mode", "servers", "metadata", "status",
  "created_at", "last_active_at", "expires_at", "closed_at",
] as const;

export const TOOL_CALL_COLUMNS = [
  "id", "project_id", "session_id", "batch_item_id", "tool", "action", "server", "input", "output",
  "metadata", "status", "error_code", "error_message", "idempotency_key", "duration_ms", "created_at", "completed_at",
] as const;

export const CONNECTION_COLUMNS = [
  "id", "project_id", "server", "mode", "base_url", "credentials_sealed", "rate_limit_per_s", "created_at", "updated_at",
] as const;

export const REFUND_COLUMNS = [
  "project_id", "idempotency_key", "server", "connection_id", "payment_id", "amount", "state", "refund_id",
  "refunded_amount", "currency", "error_code", "attempts", "first_tool_call_id", "last_tool_call_id", "created_at", "updated_at",
  "announced_state",
] as const;

/** The record's columns only: the lease columns (migration 5) are the store's business, not the services'. */
export const REFUND_SELECT = REFUND_COLUMNS.join(", ");

/**
 * Rows changed and not yet announced (in-flight rows belong to their call). The first term is
 * migration 6's partial index predicate word for word: SQLite uses a partial index only when
 * the query carries the same expression.
 */
export const REFUND_UNANNOUNCED = "(announced_state IS NULL OR announced_state <> state) AND state <> 'in_flight'";

/**
 * The refund columns an update may set; SQL is built from these names, never from input.
 * Not announced_state: only markAnnounced moves it, compare-and-set on the state it announced.
 */
export const REFUND_PATCHABLE = new Set([
  "state", "refund_id", "refunded_amount", "currency", "error_code", "attempts", "last_tool_call_id", "updated_at",
]);

export const PAYMENT_ROUTE_COLUMNS = ["project_id", "payment_id", "server", "created_at"] as const;

export const BATCH_COLUMNS = [
  "id", "project_id", "mode", "tool", "session_id", "servers", "metadata", "concurrency", "total", "status",
  "completions", "created_at", "updated_at", "completed_at",
] as const;

export const ITEM_COLUMNS = [
  "id", "batch_id", "project_id", "seq", "input", "status", "attempts", "tool_call_id", "result", "error_code",
  "error_message", "server", "completion_index", "created_at", "updated_at", "completed_at",
] as const;

export const USAGE_COLUMNS = [
  "id", "project_id", "idempotency_key", "tool_call_id", "server", "kind", "amount", "currency", "home_currency",
  "cross_border", "fx_rate", "fx_source", "amount_usd", "fee_base", "fee_fx", "fee_total", "fee_currency", "created_at",
] as const;

export const EVENT_COLUMNS = ["id", "project_id", "idempotency_key", "source", "type", "state", "provider_event_id", "at", "data"] as const;
export const DELIVERY_COLUMNS = ["connection_id", "provider_event_id", "project_id", "server", "event_type", "raw_body", "received_at", "processed_at"] as const;
export const CHECK_COLUMNS = ["project_id", "idempotency_key", "checks", "next_check_at", "gave_up_at"] as const;
