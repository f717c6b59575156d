import { setTimeout as sleep } from "node:timers/promises";
import type { ToolExecutor, ToolResult } from "../../src/index.js";

export interface FakeCall {
  tool: string;
  params: Record<string, unknown>;
}

/** Answers each call with `respond`; records calls and the most calls ever in flight at once. */
export function fakeExecutor(respond: (call: FakeCall, n: number) => ToolResult | Promise<ToolResult>) {
  const calls: FakeCall[] = [];
  let inFlight = 0;
  const executor: ToolExecutor & { calls: FakeCall[]; maxInFlight: number } = {
    calls,
    maxInFlight: 0,
    async execute(tool, params) {
      const call = { tool, params: params as Record<string, unknown> };
      calls.push(call);
      inFlight++;
      executor.maxInFlight = Math.max(executor.maxInFlight, inFlight);
      try {
        return await respond(call, calls.length);
      } finally {
        inFlight--;
      }
    },
  };
  return executor;
}

export function ok(tool: string, data: unknown = { ok: true }, toolCallId = `tc_${tool}`): ToolResult {
  return {
    success: true,
    data,
    error: null,
    error_code: null,
    duration: 1,
    server: "stripe",
    tool,
    tool_call_id: toolCallId,
    called_at: new Date().toISOString(),
  };
}

export function fail(tool: string, code: string, error = `failed with ${code}`, toolCallId = `tc_${tool}`): ToolResult {
  return { ...ok(tool, null, toolCallId), success: false, data: null, error, error_code: code };
}

/** Resolves `result` after `ms`, for steps that must overlap or finish out of order. */
export async function after<T>(ms: number, result: T): Promise<T> {
  await sleep(ms);
  return result;
}
