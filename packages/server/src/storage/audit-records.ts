/**
 * The audit trail: one global, append-only chain. Each record carries the previous record's
 * hash, so changing, removing or reordering any record breaks every check after it.
 */
export interface AuditRecord {
  /** Assigned by the application, contiguous from 1. */
  seq: number;
  at: string;
  project_id: string | null;
  /** Who caused it: "key:<id>", "tool_call:<id>", "webhook:<server>", … */
  actor: string;
  /** refund.attempt, refund.succeeded|pending|failed|unknown, payment.created, connection.upserted|removed */
  action: string;
  /** What it is about: an idempotency key, a payment id, a connection id. */
  subject: string;
  /** Event details; never credentials or API keys. */
  data: unknown;
  prev_hash: string;
  hash: string;
}

export interface AuditLogRepository {
  /**
   * Reads the chain's last record and inserts the record `next` builds from it, in one
   * transaction, so two appends can never both chain onto the same predecessor.
   */
  append(next: (last: AuditRecord | undefined) => AuditRecord): Promise<AuditRecord>;
  /** Records with seq > afterSeq, ascending, at most `limit`. */
  list(afterSeq: number, limit: number): Promise<AuditRecord[]>;
}
