import type { FastifyBaseLogger } from "fastify";
import type { BatchItemRecord, BatchRecord, ItemLease, ProjectRecord, Store } from "../storage/index.js";
import type { ExecuteService } from "../tools/execute-service.js";
import type { ToolRegistry } from "../tools/tool-registry.js";
import type { BatchJob, BatchWorkQueue, ItemRunOutcome } from "./work-queue.js";

/**
 * Works batch items: claim the row (queued -> running), run the tool through the same recorded
 * path as a session call, store the result, close the batch when nothing is left. A crash
 * between claim and completion leaves the row running; recovery queues it again and the
 * refund ledger settles the in-flight refund by read-back before anything is re-sent.
 */
export class BatchRunner {
  /**
   * Each running batch's definition and project, read once: every item needs them, and
   * neither the batch's tool, mode, servers and metadata nor the project change after creation.
   */
  private readonly contexts = new Map<string, { batch: BatchRecord; project: ProjectRecord }>();

  constructor(
    private readonly store: Store,
    private readonly queue: BatchWorkQueue,
    private readonly execute: ExecuteService,
    private readonly tools: ToolRegistry,
    private readonly log: FastifyBaseLogger,
  ) {}

  /**
   * Resumes every unfinished batch and starts consuming. `recoverRunning` is for a single
   * process: items it left running died with it. With several workers, stalled-job detection
   * does this instead, because another worker's running item is alive.
   */
  async start(opts: { recoverRunning: boolean }): Promise<void> {
    for (const batch of await this.store.batches.listRunning()) {
      if (opts.recoverRunning) await this.store.batches.requeueRunning(batch.id, new Date().toISOString());
      const ids = await this.store.batches.unfinishedItemIds(batch.id);
      await this.queue.enqueue(ids.map((itemId) => ({ projectId: batch.project_id, batchId: batch.id, itemId, concurrency: batch.concurrency })));
      await this.closeIfDone(batch.project_id, batch.id);
    }
    this.queue.start((job, lease) => this.work(job, lease));
  }

  /**
   * Runs one item. Under a lease (BullMQ workers) the claim may take over an item whose worker
   * died, and an unexpected error is thrown back so the queue retries the job; in process it is
   * logged and the item stays running until recovery re-queues it.
   */
  async work(job: BatchJob, lease?: ItemLease): Promise<ItemRunOutcome> {
    try {
      return await this.runItem(job, lease);
    } catch (err) {
      this.log.error({ err, batch_id: job.batchId, item_id: job.itemId }, lease ? "batch item failed unexpectedly; the queue will retry it" : "batch item failed unexpectedly; it stays running until recovery re-queues it");
      if (lease) throw err;
      return { outcome: "skipped" };
    }
  }

  private async runItem(job: BatchJob, lease?: ItemLease): Promise<ItemRunOutcome> {
    const at = new Date().toISOString();
    let item: BatchItemRecord | undefined;
    if (lease) {
      const claim = await this.store.batches.claimLeased(job.itemId, at, lease);
      if (claim.outcome === "leased") return claim;
      item = claim.outcome === "claimed" ? claim.item : undefined;
    } else {
      item = await this.store.batches.claim(job.itemId, at);
    }
    if (!item) return { outcome: "skipped" };
    const context = await this.contextOf(job);
    if (!context) return { outcome: "skipped" };
    const { batch, project } = context;
    const tool = this.tools.get(batch.tool);
    const result = await this.execute.run(
      { project, mode: batch.mode },
      { sessionId: batch.session_id, batchItemId: item.id, servers: batch.servers, metadata: { ...batch.metadata, batch_id: batch.id, batch_seq: item.seq } },
      tool,
      tool.parse(item.input),
      item.input,
    );
    await this.store.batches.complete(item.id, batch.id, {
      status: result.success ? "succeeded" : "failed",
      tool_call_id: result.tool_call_id,
      result: result as unknown as Record<string, unknown>,
      error_code: result.error_code,
      error_message: result.error,
      server: result.server,
      completed_at: new Date().toISOString(),
    });
    await this.closeIfDone(batch.project_id, batch.id);
    return { outcome: "completed" };
  }

  private async contextOf(job: BatchJob): Promise<{ batch: BatchRecord; project: ProjectRecord } | undefined> {
    const known = this.contexts.get(job.batchId);
    if (known) return known;
    const batch = await this.store.batches.get(job.projectId, job.batchId);
    const project = await this.store.projects.get(job.projectId);
    if (!batch || !project) return undefined;
    if (this.contexts.size >= 1000) this.contexts.clear();
    this.contexts.set(job.batchId, { batch, project });
    return { batch, project };
  }

  /** A running batch with nothing queued or running is complete; a cancelled one stays cancelled. */
  async closeIfDone(projectId: string, batchId: string): Promise<void> {
    const batch = await this.store.batches.get(projectId, batchId);
    if (batch?.status !== "running") return;
    // Every item completes at least once before a running batch can be done, so fewer
    // completions than items means work is left: no need to count a 100,000-item batch per item.
    if (batch.completions < batch.total) return;
    const counts = await this.store.batches.counts(batchId);
    if (counts.queued === 0 && counts.running === 0) await this.store.batches.setStatus(batchId, "completed", new Date().toISOString());
  }

  async enqueue(jobs: BatchJob[]): Promise<void> {
    await this.queue.enqueue(jobs);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
