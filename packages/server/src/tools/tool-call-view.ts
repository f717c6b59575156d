import type { ToolCallRecord } from "../storage/index.js";

/** GET /v1/tool-calls/:id: the durable record, in the API's field names. */
export function toolCallView(t: ToolCallRecord) {
  return {
    id: t.id,
    tool_call_id: t.id,
    session_id: t.session_id,
    batch_item_id: t.batch_item_id,
    tool: t.tool,
    action: t.action,
    server: t.server,
    status: t.status,
    input: t.input,
    output: t.output,
    metadata: t.metadata,
    error_code: t.error_code,
    error: t.error_message,
    idempotency_key: t.idempotency_key,
    duration_ms: t.duration_ms,
    created_at: t.created_at,
    completed_at: t.completed_at,
  };
}
