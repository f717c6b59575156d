import type { BatchCounts, BatchItemRecord, BatchRecord } from "../storage/index.js";

/** GET /v1/batches/:id: the batch with its progress, in the API's field names. */
export function batchView(b: BatchRecord, counts: BatchCounts) {
  const done = counts.succeeded + counts.failed + counts.cancelled;
  const end = b.completed_at ? Date.parse(b.completed_at) : Date.now();
  const seconds = Math.max(0.001, (end - Date.parse(b.created_at)) / 1000);
  return {
    id: b.id,
    object: "batch",
    status: b.status,
    tool: b.tool,
    session_id: b.session_id,
    servers: b.servers,
    metadata: b.metadata,
    concurrency: b.concurrency,
    total: b.total,
    counts,
    done,
    succeeded: counts.succeeded,
    failed: counts.failed,
    rate_per_s: Number(((counts.succeeded + counts.failed) / seconds).toFixed(2)),
    created_at: b.created_at,
    completed_at: b.completed_at,
  };
}

/** One item: its input and, once run, the same ToolResult a session call returns. */
export function batchItemView(i: BatchItemRecord) {
  const result = i.result as { data?: { details?: { provider_code?: unknown } } } | null;
  return {
    id: i.id,
    index: i.seq,
    status: i.status,
    input: i.input,
    attempts: i.attempts,
    tool_call_id: i.tool_call_id,
    server: i.server,
    error_code: i.error_code,
    error: i.error_message,
    provider_code: result?.data?.details?.provider_code ?? null,
    result: i.result,
    completed_at: i.completed_at,
  };
}
