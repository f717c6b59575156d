import type { JobRouter } from "../distributed/job-router.js";
import type { BatchJob, BatchJobHandler, BatchWorkQueue } from "./work-queue.js";

export interface InProcessQueueOptions {
  /** Items in flight across all batches of this process. Default 256. */
  maxInFlight?: number;
  /** Picks each item's provider connection, so each connection gets a lane of its own. */
  router?: JobRouter;
}

/**
 * The embedded queue: one FIFO lane per batch and provider connection, served round-robin,
 * each lane held to the batch's concurrency and the process to a global ceiling. Lanes per
 * connection matter for speed: in one shared FIFO the slowest provider's items would fill
 * every slot waiting for its pacer while the faster providers sat idle.
 */
export class InProcessQueue implements BatchWorkQueue {
  private readonly waiting = new Map<string, BatchJob[]>();
  private readonly queued = new Set<string>();
  private readonly inFlightByLane = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private readonly maxInFlight: number;
  private handler: BatchJobHandler | undefined;
  private closed = false;

  constructor(private readonly opts: InProcessQueueOptions = {}) {
    this.maxInFlight = opts.maxInFlight ?? 256;
  }

  async enqueue(jobs: BatchJob[]): Promise<void> {
    const fresh = jobs.filter((job) => !this.queued.has(job.itemId));
    for (const job of fresh) this.queued.add(job.itemId);
    const routed = this.opts.router ? (await this.opts.router.route(fresh)).map((r) => r.job) : fresh;
    for (const job of routed) {
      const lane = laneOf(job);
      const list = this.waiting.get(lane) ?? [];
      list.push(job);
      this.waiting.set(lane, list);
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
      for (const [lane, list] of this.waiting) {
        if (this.running.size >= this.maxInFlight) break;
        const job = list[0];
        if (!job) {
          this.waiting.delete(lane);
          continue;
        }
        if ((this.inFlightByLane.get(lane) ?? 0) >= job.concurrency) continue;
        list.shift();
        if (list.length === 0) this.waiting.delete(lane);
        this.run(job);
        progressed = true;
      }
    }
  }

  private run(job: BatchJob): void {
    const handler = this.handler;
    if (!handler) return;
    this.queued.delete(job.itemId);
    const lane = laneOf(job);
    this.inFlightByLane.set(lane, (this.inFlightByLane.get(lane) ?? 0) + 1);
    // The outcome matters only to queues that deliver a job again; this one never does.
    const p: Promise<void> = handler(job)
      .then(() => undefined, () => undefined)
      .finally(() => {
        this.running.delete(p);
        const n = (this.inFlightByLane.get(lane) ?? 1) - 1;
        if (n <= 0) this.inFlightByLane.delete(lane);
        else this.inFlightByLane.set(lane, n);
        this.dispatch();
      });
    this.running.add(p);
  }
}

function laneOf(job: BatchJob): string {
  return `${job.batchId}/${job.connectionId ?? "unrouted"}`;
}
