import type { BatchJob, BatchJobHandler, BatchWorkQueue } from "./work-queue.js";

export interface InProcessQueueOptions {
  /** Items in flight across all batches of this process. Default 256. */
  maxInFlight?: number;
}

/**
 * The embedded queue: one FIFO per batch, served round-robin so a huge batch cannot starve a
 * small one, each batch held to its own concurrency and the process to a global ceiling.
 */
export class InProcessQueue implements BatchWorkQueue {
  private readonly waiting = new Map<string, BatchJob[]>();
  private readonly queued = new Set<string>();
  private readonly inFlightByBatch = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private readonly maxInFlight: number;
  private handler: BatchJobHandler | undefined;
  private closed = false;

  constructor(opts: InProcessQueueOptions = {}) {
    this.maxInFlight = opts.maxInFlight ?? 256;
  }

  async enqueue(jobs: BatchJob[]): Promise<void> {
    for (const job of jobs) {
      if (this.queued.has(job.itemId)) continue;
      this.queued.add(job.itemId);
      const list = this.waiting.get(job.batchId) ?? [];
      list.push(job);
      this.waiting.set(job.batchId, list);
    }
    this.dispatch();
  }

  start(handler: BatchJobHandler): void {
    this.handler = handler;
    this.dispatch();
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private dispatch(): void {
    if (!this.handler || this.closed) return;
    let progressed = true;
    while (progressed && this.running.size < this.maxInFlight) {
      progressed = false;
      for (const [batchId, list] of this.waiting) {
        if (this.running.size >= this.maxInFlight) break;
        const job = list[0];
        if (!job) {
          this.waiting.delete(batchId);
          continue;
        }
        if ((this.inFlightByBatch.get(batchId) ?? 0) >= job.concurrency) continue;
        list.shift();
        if (list.length === 0) this.waiting.delete(batchId);
        this.run(job);
        progressed = true;
      }
    }
  }

  private run(job: BatchJob): void {
    const handler = this.handler;
    if (!handler) return;
    this.queued.delete(job.itemId);
    this.inFlightByBatch.set(job.batchId, (this.inFlightByBatch.get(job.batchId) ?? 0) + 1);
    // The outcome matters only to queues that deliver a job again; this one never does.
    const p: Promise<void> = handler(job)
      .then(() => undefined, () => undefined)
      .finally(() => {
        this.running.delete(p);
        const n = (this.inFlightByBatch.get(job.batchId) ?? 1) - 1;
        if (n <= 0) this.inFlightByBatch.delete(job.batchId);
        else this.inFlightByBatch.set(job.batchId, n);
        this.dispatch();
      });
    this.running.add(p);
  }
}
