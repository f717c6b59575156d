import Database from "better-sqlite3";
import { join } from "node:path";

export interface RefundRow {
  idempotency_key: string;
  server: string;
  payment_id: string;
  amount: number | null;
  state: "in_flight" | "succeeded" | "pending" | "failed" | "unknown";
  refund_id: string | null;
  refunded_amount: number | null;
  currency: string | null;
  error_code: string | null;
  attempts: number;
}

export interface UsageRow {
  idempotency_key: string;
  server: string;
  amount: number;
  currency: string;
  fee_total: number;
}

/**
 * The server's own SQLite file, read-only, for what the API does not show: refund rows left in
 * flight and retries spent. WAL lets this read while the server (or its successor) writes.
 */
export class LedgerDb {
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    this.db = new Database(join(dataDir, "codespar.db"), { readonly: true, fileMustExist: true });
    this.db.pragma("busy_timeout = 5000");
  }

  refundRows(): RefundRow[] {
    return this.db.prepare("SELECT idempotency_key, server, payment_id, amount, state, refund_id, refunded_amount, currency, error_code, attempts FROM refund_attempts").all() as RefundRow[];
  }

  usageRows(): UsageRow[] {
    return this.db.prepare("SELECT idempotency_key, server, amount, currency, fee_total FROM usage_records").all() as UsageRow[];
  }

  /** The poller's schedule per refund key, for saying why a row is still open. */
  settlementChecks(): Map<string, { checks: number; next_check_at: string; gave_up_at: string | null }> {
    const rows = this.db.prepare("SELECT idempotency_key, checks, next_check_at, gave_up_at FROM settlement_checks").all() as { idempotency_key: string; checks: number; next_check_at: string; gave_up_at: string | null }[];
    return new Map(rows.map(({ idempotency_key, ...rest }) => [idempotency_key, rest]));
  }

  close(): void {
    this.db.close();
  }
}
