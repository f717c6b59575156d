import type { FastifyBaseLogger } from "fastify";
import { isCodesparError } from "@codespar/protocol";
import type { AuthContext } from "../auth/authenticate.js";
import { newId } from "../ids.js";
import type { Metrics } from "../observability/metrics.js";
import type { SessionService } from "../sessions/session-service.js";
import type { KeyMode, ProjectRecord, Store } from "../storage/index.js";
import type { CallScope, ToolContext, ToolDefinition, ToolOutcome } from "./tool-definition.js";
import type { ToolRegistry } from "./tool-registry.js";
import type { ToolResult } from "./tool-result.js";

export type ToolServices = Omit<ToolContext, "project" | "mode" | "scope" | "toolCallId">;

/**
 * Runs one tool call in a session. Unknown tools and invalid input are refused before anything
 * is written; past that, the call is recorded as running before the tool runs and completed
 * before the answer leaves, so every answered call has a durable record.
 */
export class ExecuteService {
  constructor(
    private readonly store: Store,
    private readonly sessions: SessionService,
    private readonly registry: ToolRegistry,
    private readonly services: ToolServices,
    private readonly metrics: Metrics,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** A tool call in a session: the session must be active, and the call counts as activity. */
  async execute(auth: AuthContext, sessionId: string, toolName: string, rawInput: unknown): Promise<ToolResult> {
    await this.sessions.get(auth.project.id, sessionId);
    const tool = this.registry.get(toolName);
    const input = tool.parse(rawInput);
    const session = await this.sessions.requireActive(auth.project.id, sessionId);
    const scope: CallScope = { sessionId: session.id, batchItemId: null, servers: session.servers, metadata: session.metadata };
    return this.run({ project: auth.project, mode: auth.mode }, scope, tool, input, rawInput);
  }

  /**
   * Runs an already validated call in a scope and records it: inserted as running before the
   * tool runs, completed before the result is returned. Batches call this directly.
   */
  async run(who: { project: ProjectRecord; mode: KeyMode }, scope: CallScope, tool: ToolDefinition<unknown>, input: unknown, rawInput: unknown): Promise<ToolResult> {
    const toolCallId = newId("tc");
    const calledAt = new Date();
    const started = performance.now();
    await this.store.toolCalls.insert({
      id: toolCallId,
      project_id: who.project.id,
      session_id: scope.sessionId,
      batch_item_id: scope.batchItemId,
      tool: tool.name,
      action: tool.actionOf?.(input) ?? null,
      server: null,
      input: (rawInput ?? {}) as Record<string, unknown>,
      output: null,
      metadata: scope.metadata,
      status: "running",
      error_code: null,
      error_message: null,
      idempotency_key: null,
      duration_ms: null,
      created_at: calledAt.toISOString(),
      completed_at: null,
    });
    const ctx: ToolContext = { ...this.services, project: who.project, mode: who.mode, scope, toolCallId };
    const outcome = await runSafely(() => tool.run(ctx, input), (err) => this.log.error({ err, tool_call_id: toolCallId }, "tool failed unexpectedly"));
    const duration = Math.round(performance.now() - started);
    await this.store.toolCalls.complete(toolCallId, {
      server: outcome.server,
      output: outcome.data,
      status: outcome.success ? "success" : "error",
      error_code: outcome.success ? null : outcome.error_code,
      error_message: outcome.success ? null : outcome.error,
      idempotency_key: outcome.idempotencyKey ?? null,
      duration_ms: duration,
      completed_at: new Date().toISOString(),
    });
    this.metrics.toolCalls.inc({ tool: tool.name, server: outcome.server ?? "none", outcome: outcome.success ? "success" : outcome.error_code });
    this.metrics.toolCallDuration.observe({ tool: tool.name, server: outcome.server ?? "none" }, duration / 1000);
    return {
      ...(outcome.success ? outcome.extra : {}),
      success: outcome.success,
      data: outcome.data,
      error: outcome.success ? null : outcome.error,
      error_code: outcome.success ? null : outcome.error_code,
      duration,
      server: outcome.server,
      tool: tool.name,
      tool_call_id: toolCallId,
      called_at: calledAt.toISOString(),
    };
  }
}

/** A tool that throws still yields a recorded, explained failure, never a lost call. */
async function runSafely(work: () => Promise<ToolOutcome>, onUnexpected: (err: unknown) => void): Promise<ToolOutcome> {
  try {
    return await work();
  } catch (err) {
    if (isCodesparError(err)) {
      const server = typeof err.details?.server === "string" ? err.details.server : null;
      return { success: false, error_code: err.code, error: err.message, data: err.details ?? null, server };
    }
    onUnexpected(err);
    return { success: false, error_code: "internal_error", error: "The tool failed unexpectedly; the tool call id identifies it in the server logs", data: null, server: null };
  }
}
