import type { ToolResult } from "@codespar/sdk";
import type { RefundRow } from "./refund-file.js";

/** One row's outcome, whichever way it ran (durable batch or local loop). */
export interface RowOutcome {
  row: RefundRow;
  result: ToolResult | null;
}

export interface ProviderSummary {
  server: string;
  rows: number;
  refunded: number;
  alreadyDone: number;
  failed: number;
  /** Minor units refunded by this run or found already refunded, per currency. */
  amounts: Record<string, number>;
}

export function alreadyDone(r: ToolResult | null): boolean {
  return Boolean(r?.success && (r.data as { already_done?: boolean } | null)?.already_done);
}

export function summarise(outcomes: RowOutcome[]): ProviderSummary[] {
  const by = new Map<string, ProviderSummary>();
  for (const { result } of outcomes) {
    const server = result?.server ?? "(unrouted)";
    const s = by.get(server) ?? { server, rows: 0, refunded: 0, alreadyDone: 0, failed: 0, amounts: {} };
    s.rows++;
    if (!result?.success) s.failed++;
    else {
      if (alreadyDone(result)) s.alreadyDone++;
      else s.refunded++;
      const data = result.data as { amount?: number; currency?: string } | null;
      if (data?.amount && data.currency) s.amounts[data.currency] = (s.amounts[data.currency] ?? 0) + data.amount;
    }
    by.set(server, s);
  }
  return [...by.values()].sort((a, b) => a.server.localeCompare(b.server));
}

/** A dead-letter line: everything needed to understand and replay the failure. */
export function deadLetter(o: RowOutcome) {
  const details = (o.result?.data as { details?: { provider_code?: unknown; provider_message?: unknown } } | null)?.details;
  return {
    line: o.row.line,
    payment_id: o.row.payment_id,
    amount: o.row.amount ?? null,
    reason: o.row.reason ?? null,
    error_code: o.result?.error_code ?? "internal_error",
    error: o.result?.error ?? "no result",
    provider_code: details?.provider_code ?? null,
    server: o.result?.server ?? null,
    tool_call_id: o.result?.tool_call_id ?? null,
  };
}

export function toParams(row: RefundRow): Record<string, unknown> {
  return {
    action: "refund",
    payment_id: row.payment_id,
    ...(row.amount !== undefined ? { amount: row.amount } : {}),
    ...(row.reason !== undefined ? { reason: row.reason } : {}),
  };
}
