import { invalidResponse, isRecord } from "./errors.js";
import type { SessionInfo, ToolResult } from "./types.js";

/**
 * Checks the few fields the SDK relies on and fills the optional ones, so callers always see
 * the full documented shape, and a misrouted response fails loudly instead of as undefined later.
 */
export function toolResultFromWire(body: unknown, tool: string): ToolResult {
  if (!isRecord(body) || typeof body.success !== "boolean") throw invalidResponse("execute did not answer a ToolResult", body);
  return {
    success: body.success,
    data: body.data ?? null,
    error: stringOrNull(body.error),
    error_code: stringOrNull(body.error_code),
    duration: typeof body.duration === "number" ? body.duration : 0,
    server: stringOrNull(body.server),
    tool: typeof body.tool === "string" ? body.tool : tool,
    tool_call_id: stringOrNull(body.tool_call_id),
    called_at: stringOrNull(body.called_at),
  };
}

export function sessionInfoFromWire(body: unknown): SessionInfo {
  if (!isRecord(body) || typeof body.id !== "string") throw invalidResponse("expected a session object", body);
  return body as unknown as SessionInfo;
}

/** Accepts a bare array, `{ [key]: [...] }` or `{ data: [...] }`, the shapes list endpoints use. */
export function listFromWire<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  if (isRecord(body)) {
    const list = body[key] ?? body.data;
    if (Array.isArray(list)) return list as T[];
  }
  throw invalidResponse(`expected a list of ${key}`, body);
}

export function objectFromWire<T>(body: unknown, what: string): T {
  if (!isRecord(body)) throw invalidResponse(`expected ${what}`, body);
  return body as T;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
