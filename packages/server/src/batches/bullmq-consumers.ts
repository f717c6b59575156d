import { Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { FastifyBaseLogger } from "fastify";
import { DEFAULT_RATE_LIMITS } from "@codespar/providers";
import type { Store } from "../storage/index.js";
import { connectionRate, limiterFor, type QueueLimiter } from "./bullmq-limits.js";
import { parseQueueName, registryChannel, registryKey, UNROUTED_QUEUE } from "./bullmq-names.js";
import { jobProcessor } from "./bullmq-job.js";
import type { BatchJob, BatchJobHandler } from "./work-queue.js";

export interface QueueConsumersOptions {
  redis: Redis;
  prefix: string;
  store: Store;
  log: FastifyBaseLogger;
  owner: string;
  leaseTtlMs: number;
  /** Jobs one BullMQ worker runs at once; there is one worker per queue. */
  concurrency: number;
  /** How often to look for queues (new connections) and changed rates. Default 1000 ms. */
  discoveryMs?: number;
}

interface Consumer {
  worker: Worker<BatchJob>;
  /** The limiter it was built with, to notice a connection's rate being changed. */
  limiter: QueueLimiter | undefined;
}

/**
 * The consuming side in a worker process: one BullMQ worker per queue that enqueuers have
 * registered, each with its connection's limiter. Queues appear as projects add connections
 * and submit batches, so the registry is re-read every second; a connection whose rate changed
 * gets a new worker with the new limiter once the old one has finished its jobs.
 */
export class QueueConsumers {
  private readonly consumers = new Map<string, Consumer>();
  private timer: NodeJS.Timeout | undefined;
  private subscriber: Redis | undefined;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  private closed = false;

  constructor(
    private readonly opts: QueueConsumersOptions,
    private readonly handler: BatchJobHandler,
  ) {}

  /** Attaches to every registered queue now, then keeps looking: at once when a queue is announced, and on a timer for rate changes and missed announcements. */
  async start(): Promise<void> {
    this.subscriber = this.opts.redis.duplicate();
    this.subscriber.on("message", () => void this.refresh());
    this.subscriber.on("error", (err: unknown) => this.opts.log.warn({ err }, "queue announcements unavailable; new queues are found on the next look"));
    await this.subscriber.subscribe(registryChannel(this.opts.prefix));
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.opts.discoveryMs ?? 1000);
    this.timer.unref();
  }

  /** Queue names this process consumes, for the startup line and tests. */
  get queueNames(): string[] {
    return [...this.consumers.keys()].sort();
  }

  /** Stops taking jobs and lets every job in flight finish and be acknowledged. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.subscriber?.disconnect();
    await this.refreshing;
    await Promise.all([...this.consumers.values()].map((c) => c.worker.close()));
    this.consumers.clear();
  }

  private refresh(): Promise<void> {
    // One refresh at a time: a slow database must not stack them up. An announcement that
    // arrives mid-refresh may name a queue that refresh already missed, so one more follows.
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = this.refreshOnce()
      .catch((err: unknown) => this.opts.log.warn({ err }, "could not refresh the batch queues; trying again shortly"))
      .finally(() => {
        this.refreshing = undefined;
        if (this.refreshAgain && !this.closed) {
          this.refreshAgain = false;
          void this.refresh();
        }
      });
    return this.refreshing;
  }

  private async refreshOnce(): Promise<void> {
    const names = new Set(await this.opts.redis.smembers(registryKey(this.opts.prefix)));
    names.add(UNROUTED_QUEUE);
    for (const name of names) {
      if (this.closed) return;
      const limiter = await this.limiterOf(name);
      const current = this.consumers.get(name);
      if (current && sameLimiter(current.limiter, limiter)) continue;
      if (current) {
        this.consumers.delete(name);
        await current.worker.close();
      }
      if (this.closed) return;
      this.consumers.set(name, { worker: this.workerFor(name, limiter), limiter });
    }
  }

  /** The connection's limiter; a connection removed since its items were queued keeps its provider's lowest default pace. */
  private async limiterOf(name: string): Promise<QueueLimiter | undefined> {
    const parsed = parseQueueName(name);
    if (!parsed) return undefined;
    const connection = await this.opts.store.settlement.connectionById(parsed.connectionId);
    const defaults = DEFAULT_RATE_LIMITS[parsed.server];
    return limiterFor(parsed.server, connection ? connectionRate(connection) : Math.min(defaults.test, defaults.live));
  }

  private workerFor(name: string, limiter: QueueLimiter | undefined): Worker<BatchJob> {
    const { opts } = this;
    const worker = new Worker<BatchJob>(
      name,
      jobProcessor({ store: opts.store, handler: this.handler, owner: opts.owner, leaseTtlMs: opts.leaseTtlMs, log: opts.log }),
      {
        connection: opts.redis,
        prefix: opts.prefix,
        concurrency: opts.concurrency,
        ...(limiter ? { limiter } : {}),
        // A job's lock and the item's lease have one length: a dead worker's job comes back
        // about when its item can be taken over. The checks run at half that.
        lockDuration: opts.leaseTtlMs,
        stalledInterval: Math.max(500, Math.floor(opts.leaseTtlMs / 2)),
        // Stalls are counted, not fatal: the item's row decides, and a job dropped here would
        // leave its item for the next worker start to find.
        maxStalledCount: 20,
        name: opts.owner,
      },
    );
    worker.on("error", (err) => opts.log.warn({ err, queue: name }, "batch queue worker error; BullMQ reconnects and carries on"));
    worker.on("failed", (job: Job<BatchJob> | undefined, err) => {
      opts.log.error({ err, queue: name, item_id: job?.data.itemId }, "batch job failed in the queue; its item stays unfinished until a worker starts and re-enqueues it");
    });
    return worker;
  }
}

function sameLimiter(a: QueueLimiter | undefined, b: QueueLimiter | undefined): boolean {
  return a?.max === b?.max && a?.duration === b?.duration;
}
