/** Row shapes as the services see them; every store implementation returns exactly these. */

export type KeyMode = "test" | "live";

export interface ProjectRecord {
  id: string;
  name: string;
  home_currency: string;
  created_at: string;
}

export interface ApiKeyRecord {
  id: string;
  project_id: string;
  mode: KeyMode;
  /** First characters of the key, safe to show (csk_test_AbCd…). */
  display_prefix: string;
  /** SHA-256 hex of the full key; the key itself is never stored. */
  key_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export type SessionStatus = "active" | "closed" | "expired";

export interface SessionRecord {
  id: string;
  project_id: string;
  user_id: string;
  mode: KeyMode;
  servers: string[];
  metadata: Record<string, unknown>;
  status: SessionStatus;
  created_at: string;
  last_active_at: string;
  expires_at: string;
  closed_at: string | null;
}

export type ToolCallStatus = "running" | "success" | "error";

export interface ToolCallRecord {
  id: string;
  project_id: string;
  session_id: string | null;
  batch_item_id: string | null;
  tool: string;
  action: string | null;
  server: string | null;
  input: Record<string, unknown>;
  output: unknown;
  metadata: Record<string, unknown>;
  status: ToolCallStatus;
  error_code: string | null;
  error_message: string | null;
  idempotency_key: string | null;
  duration_ms: number | null;
  created_at: string;
  completed_at: string | null;
}

export interface ConnectionRecord {
  id: string;
  project_id: string;
  server: string;
  mode: KeyMode;
  base_url: string;
  /** AES-256-GCM sealed JSON of the provider credentials; never returned by the API. */
  credentials_sealed: string;
  rate_limit_per_s: number | null;
  created_at: string;
  updated_at: string;
}

/**
 * One row per logical refund, keyed by its idempotency key and written before the first
 * provider attempt, so a crash or a re-run finds it and never sends a blind second refund.
 */
export type RefundAttemptState = "in_flight" | "succeeded" | "pending" | "failed" | "unknown";

export interface RefundAttemptRecord {
  project_id: string;
  idempotency_key: string;
  server: string;
  connection_id: string;
  payment_id: string;
  /** Requested minor units; null = the remaining refundable amount. */
  amount: number | null;
  state: RefundAttemptState;
  refund_id: string | null;
  refunded_amount: number | null;
  currency: string | null;
  error_code: string | null;
  attempts: number;
  first_tool_call_id: string;
  last_tool_call_id: string;
  created_at: string;
  updated_at: string;
  /**
   * The last state whose `refund.state` every listener finished handling; null when none since
   * the state was last written. Differing from `state` means a crash may have cut the
   * announcement short: startup announces the row again.
   */
  announced_state: RefundAttemptState | null;
}

/** A refund row as first claimed: a new row has announced nothing, so the store sets that itself. */
export type NewRefundAttempt = Omit<RefundAttemptRecord, "announced_state">;

export interface PaymentRouteRecord {
  project_id: string;
  payment_id: string;
  server: string;
  created_at: string;
}
