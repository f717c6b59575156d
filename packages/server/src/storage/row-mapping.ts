// Row-to-record mappings that are the same for both stores: each decodes the row's JSON (TEXT)
// columns. Store-specific conversions (SQLite's 0/1 booleans, for one) stay with their store.
import type { AuditRecord } from "./audit-records.js";
import type { BatchItemRecord, BatchRecord } from "./batch-records.js";
import type { SessionRecord, ToolCallRecord } from "./records.js";
import type { SettlementEventRecord } from "./settlement-records.js";
import type { UsageSummaryRow } from "./usage-records.js";
import { fromJson } from "./json-columns.js";

export type Row = Record<string, unknown>;

export function sessionFromRow(r: Row): SessionRecord {
  return {
    ...(r as unknown as SessionRecord),
    servers: fromJson<string[]>(r.servers, []),
    metadata: fromJson<Record<string, unknown>>(r.metadata, {}),
  };
}

export function toolCallFromRow(r: Row): ToolCallRecord {
  return {
    ...(r as unknown as ToolCallRecord),
    input: fromJson(r.input, {}),
    output: fromJson(r.output, null),
    metadata: fromJson(r.metadata, {}),
  };
}

export function batchFromRow(r: Row): BatchRecord {
  return { ...(r as unknown as BatchRecord), servers: fromJson(r.servers, []), metadata: fromJson(r.metadata, {}) };
}

export function itemFromRow(r: Row): BatchItemRecord {
  return { ...(r as unknown as BatchItemRecord), input: fromJson(r.input, {}), result: fromJson(r.result, null) };
}

export function eventFromRow(r: Row): SettlementEventRecord {
  return { ...(r as unknown as SettlementEventRecord), data: fromJson(r.data, {}) };
}

/**
 * A row whose data is no longer valid JSON (edited by hand) comes back as the raw text, so
 * verification reports a hash mismatch at that record instead of crashing on it.
 */
export function auditFromRow(r: Row): AuditRecord {
  let data: unknown = r.data;
  try {
    data = JSON.parse(String(r.data));
  } catch {
    // keep the raw text: its hash cannot match
  }
  return { ...(r as unknown as AuditRecord), seq: Number(r.seq), data };
}

/** SUM and COUNT come back as bigint strings from PostgreSQL and numbers from SQLite: both end as numbers. */
export function usageSummaryFromRow(r: Row): UsageSummaryRow {
  return {
    server: String(r.server),
    currency: String(r.currency),
    count: Number(r.count),
    amount: Number(r.amount),
    fee_base: Number(r.fee_base),
    fee_fx: Number(r.fee_fx),
    fee_total: Number(r.fee_total),
  };
}
