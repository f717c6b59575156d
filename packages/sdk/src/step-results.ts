import type { ToolResult } from "./types.js";

/**
 * The ToolResults the loop makes itself, for steps the server never answered, so `results`
 * stays parallel to `steps` whatever happened to each one.
 */

export function skippedResult(tool: string): ToolResult {
  return notRun(tool, "skipped", "Skipped: the step's when() returned false");
}

export function abortedResult(tool: string, failedIndex: number): ToolResult {
  return notRun(tool, "aborted", `Not run: step ${failedIndex} failed and abortOnError is true`);
}

/** A step that threw: the request failed (timeout, HTTP error) or its params/when function did. */
export function thrownResult(tool: string, err: unknown, startedAt: number): ToolResult {
  return {
    success: false,
    data: null,
    error: err instanceof Error ? err.message : String(err),
    error_code: codeOf(err),
    duration: Date.now() - startedAt,
    server: null,
    tool,
    tool_call_id: null,
    called_at: new Date(startedAt).toISOString(),
  };
}

function notRun(tool: string, code: string, error: string): ToolResult {
  return { success: false, data: null, error, error_code: code, duration: 0, server: null, tool, tool_call_id: null, called_at: null };
}

function codeOf(err: unknown): string {
  if (typeof err === "object" && err !== null && "code" in err && typeof err.code === "string" && err.code !== "") return err.code;
  return "internal_error";
}
