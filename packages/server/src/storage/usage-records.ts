/**
 * The usage ledger: one append-only row per billable event. A refund is billed once: the row is
 * unique on (project_id, idempotency_key), so a replay, a re-run or a duplicate webhook that
 * announces the same success again writes nothing.
 */
export interface UsageRecord {
  id: string;
  project_id: string;
  /** The refund's idempotency key: the identity of the logical refund being billed. */
  idempotency_key: string;
  /** The refund row's first tool call: the call that started the billed refund. */
  tool_call_id: string;
  server: string;
  kind: "refund";
  /** Refunded amount in the payment's minor units. */
  amount: number;
  currency: string;
  /** The project's home currency when the row was written; cross-border is currency != this. */
  home_currency: string;
  cross_border: boolean;
  /** Decimal string, 1 unit of `currency` in USD; null when no rate was configured. */
  fx_rate: string | null;
  /** "sandbox-fixed", "config", "identity" (USD) or "missing". */
  fx_source: string;
  /** The amount converted to USD minor units (half-even); null when the rate was missing. */
  amount_usd: number | null;
  /** Fees in fee_currency minor units: base 10 = USD 0.10. */
  fee_base: number;
  fee_fx: number;
  fee_total: number;
  fee_currency: "USD";
  created_at: string;
}

/** Sums of one (server, currency) pair over a period. */
export interface UsageSummaryRow {
  server: string;
  currency: string;
  count: number;
  amount: number;
  fee_base: number;
  fee_fx: number;
  fee_total: number;
}

export interface UsageRepository {
  /** Writes the row unless this (project, idempotency key) is already billed; true when written. */
  insert(r: UsageRecord): Promise<boolean>;
  get(projectId: string, idempotencyKey: string): Promise<UsageRecord | undefined>;
  /** Per (server, currency) totals of rows created in [from, to), ordered by server then currency. */
  summarize(projectId: string, from: string, to: string): Promise<UsageSummaryRow[]>;
}
