import type { FastifyBaseLogger } from "fastify";
import type { Store } from "../storage/index.js";
import type { ExecuteService } from "../tools/execute-service.js";
import type { ToolRegistry } from "../tools/tool-registry.js";
import type { BatchJob, BatchWorkQueue } from "./work-queue.js";

/**
 * Works batch items: claim the row (queued -> running), run the tool through the same recorded
 * path as a session call, store the result, close the batch when nothing is left. A crash
 * between claim and completion leaves the row running; recovery queues it again and the
 * refund ledger settles the in-flight refund by read-back before anything is re-sent.
 */
export class BatchRunner {
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
    this.queue.start((job) => this.work(job));
  }

  async work(job: BatchJob): Promise<void> {
    try {
      await this.runItem(job);
    } catch (err) {
      this.log.error({ err, batch_id: job.batchId, item_id: job.itemId }, "batch item failed unexpectedly; it stays running until recovery re-queues it");
    }
  }

  private async runItem(job: BatchJob): Promise<void> {
    const item = await this.store.batches.claim(job.itemId, new Date().toISOString());
    if (!item) return;
    const batch = await this.store.batches.get(job.projectId, job.batchId);
    const project = await this.store.projects.get(job.projectId);
    if (!batch || !project) return;
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
  }

  /** A running batch with nothing queued or running is complete; a cancelled one stays cancelled. */
  async closeIfDone(projectId: string, batchId: string): Promise<void> {
    const batch = await this.store.batches.get(projectId, batchId);
    if (batch?.status !== "running") return;
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
