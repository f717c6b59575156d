import type { ToolResult } from "./types.js";

export type BatchStatus = "running" | "completed" | "cancelled";
export type BatchItemStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export interface CreateBatchOptions {
  /** The tool every item calls, e.g. "codespar_pay". */
  tool: string;
  /** One params object per item, e.g. { action: "refund", payment_id, amount, reason }. */
  items: Record<string, unknown>[];
  /** Take servers and metadata from this session; the batch does not need it to stay open. */
  session?: string;
  metadata?: Record<string, unknown>;
  /** Items of this batch in flight at once (server default 32). Provider pacing still applies. */
  concurrency?: number;
}

export interface BatchInfo {
  id: string;
  status: BatchStatus;
  tool: string;
  total: number;
  done: number;
  succeeded: number;
  failed: number;
  counts: Record<BatchItemStatus, number>;
  rate_per_s: number;
  metadata: Record<string, unknown>;
  concurrency: number;
  created_at: string;
  completed_at: string | null;
  [field: string]: unknown;
}

export interface BatchItem {
  id: string;
  index: number;
  status: BatchItemStatus;
  input: Record<string, unknown>;
  attempts: number;
  tool_call_id: string | null;
  server: string | null;
  error_code: string | null;
  error: string | null;
  /** The provider's own error code, for dead letters. */
  provider_code: unknown;
  /** The same ToolResult a session call returns, once the item ran. */
  result: ToolResult | null;
  completed_at: string | null;
}

export interface BatchItemsPage {
  data: BatchItem[];
  has_more: boolean;
  next_after: number | null;
}

export type BatchEvent =
  | { type: "item"; id: number; item: BatchItem }
  | { type: "progress"; batch: BatchInfo }
  | { type: "end"; batch: BatchInfo };
