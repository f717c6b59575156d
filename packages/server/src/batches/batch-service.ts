import { CodesparError } from "@codespar/protocol";
import type { AuthContext } from "../auth/authenticate.js";
import { SERVERS } from "../catalog/servers.js";
import { newId } from "../ids.js";
import type { SessionService } from "../sessions/session-service.js";
import type { BatchItemRecord, BatchItemStatus, BatchRecord, Store } from "../storage/index.js";
import type { ToolRegistry } from "../tools/tool-registry.js";
import type { BatchRunner } from "./batch-runner.js";
import { batchItemView, batchView } from "./batch-view.js";

export interface CreateBatchInput {
  tool: string;
  items: Record<string, unknown>[];
  session?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
  concurrency?: number | undefined;
}

/** Items in flight per batch unless the caller says otherwise; pacing keeps providers safe. */
export const DEFAULT_BATCH_CONCURRENCY = 32;
const MAX_REPORTED_INVALID = 50;

export class BatchService {
  constructor(
    private readonly store: Store,
    private readonly sessions: SessionService,
    private readonly tools: ToolRegistry,
    private readonly runner: BatchRunner,
  ) {}

  /**
   * Validates every item first (nothing is stored if any is invalid), stores the batch and its
   * items in one transaction, then queues them; the answer does not wait for the work.
   */
  async create(auth: AuthContext, input: CreateBatchInput) {
    const tool = this.tools.get(input.tool);
    const invalid: { index: number; message: string }[] = [];
    let invalidCount = 0;
    input.items.forEach((item, index) => {
      try {
        tool.parse(item);
      } catch (err) {
        invalidCount++;
        if (invalid.length < MAX_REPORTED_INVALID) invalid.push({ index, message: err instanceof Error ? err.message : String(err) });
      }
    });
    if (invalidCount > 0) {
      throw new CodesparError("invalid_request", `${invalidCount} of ${input.items.length} items are invalid; nothing was submitted`, { items: invalid, invalid_count: invalidCount });
    }
    let servers = Object.keys(SERVERS);
    let metadata = input.metadata ?? {};
    if (input.session) {
      const session = await this.sessions.requireActive(auth.project.id, input.session);
      servers = session.servers;
      metadata = { ...session.metadata, ...metadata };
    }
    const now = new Date().toISOString();
    const batch: BatchRecord = {
      id: newId("bat"),
      project_id: auth.project.id,
      mode: auth.mode,
      tool: tool.name,
      session_id: input.session ?? null,
      servers,
      metadata,
      concurrency: input.concurrency ?? DEFAULT_BATCH_CONCURRENCY,
      total: input.items.length,
      status: "running",
      completions: 0,
      created_at: now,
      updated_at: now,
      completed_at: null,
    };
    const items: BatchItemRecord[] = input.items.map((item, seq) => ({
      id: `${batch.id}_${seq}`,
      batch_id: batch.id,
      project_id: auth.project.id,
      seq,
      input: item,
      status: "queued",
      attempts: 0,
      tool_call_id: null,
      result: null,
      error_code: null,
      error_message: null,
      server: null,
      completion_index: null,
      created_at: now,
      updated_at: now,
      completed_at: null,
    }));
    await this.store.batches.insert(batch, items);
    await this.runner.enqueue(items.map((i) => ({ projectId: batch.project_id, batchId: batch.id, itemId: i.id, concurrency: batch.concurrency })));
    return this.get(auth.project.id, batch.id);
  }

  async get(projectId: string, id: string) {
    const batch = await this.require(projectId, id);
    return batchView(batch, await this.store.batches.counts(id));
  }

  async items(projectId: string, id: string, opts: { status?: BatchItemStatus; after?: number; limit: number }) {
    await this.require(projectId, id);
    const rows = await this.store.batches.items(id, { limit: opts.limit, ...(opts.status ? { status: opts.status } : {}), ...(opts.after !== undefined ? { afterSeq: opts.after } : {}) });
    return { object: "list", data: rows.map(batchItemView), has_more: rows.length === opts.limit, next_after: rows.at(-1)?.seq ?? null };
  }

  /** Queued items are cancelled; items already in flight finish and keep their real results. */
  async cancel(projectId: string, id: string) {
    const batch = await this.require(projectId, id);
    if (batch.status === "running") {
      const at = new Date().toISOString();
      await this.store.batches.setStatus(id, "cancelled", at);
      await this.store.batches.cancelQueued(id, at);
    }
    return this.get(projectId, id);
  }

  /** The dead-letter set goes round again, under the same idempotency keys: nothing is refunded twice. */
  async retryFailed(projectId: string, id: string) {
    const batch = await this.require(projectId, id);
    const at = new Date().toISOString();
    const ids = await this.store.batches.requeueFailed(id, at);
    if (ids.length > 0) {
      await this.store.batches.setStatus(id, "running", at);
      await this.runner.enqueue(ids.map((itemId) => ({ projectId, batchId: id, itemId, concurrency: batch.concurrency })));
    }
    return { ...(await this.get(projectId, id)), retried: ids.length };
  }

  async require(projectId: string, id: string): Promise<BatchRecord> {
    const batch = await this.store.batches.get(projectId, id);
    if (!batch) throw new CodesparError("not_found", `No batch ${id} in this project`);
    return batch;
  }
}
