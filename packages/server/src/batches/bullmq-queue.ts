import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { FastifyBaseLogger } from "fastify";
import type { ConnectionRecord, Store } from "../storage/index.js";
import { SharedPacer } from "../distributed/shared-pacer.js";
import type { Pacer } from "../pacing/pacer.js";
import { RedisTokenBuckets } from "../http/redis-token-buckets.js";
import type { TokenBucketOptions } from "../http/token-bucket.js";
import { JobRouter, type RoutedJob } from "../distributed/job-router.js";
import { QueueConsumers } from "./bullmq-consumers.js";
import { jobIdFor, queueNameFor, registryChannel, registryKey, UNROUTED_QUEUE } from "./bullmq-names.js";
import { connectRedis } from "./bullmq-redis.js";
import type { BatchJob, BatchJobHandler, BatchWorkQueue } from "./work-queue.js";

export interface BullmqWorkQueueOptions {
  /** redis://… shared by every API and worker process. */
  redisUrl: string;
  /** Prefix of every key in Redis. Default "bull". */
  prefix?: string;
  store: Store;
  log: FastifyBaseLogger;
  /** This process in item leases (see distributed/owner-id.ts). */
  owner: string;
  /** Item lease length, also BullMQ's job lock. Default 30000. */
  leaseTtlMs?: number;
  /** Jobs each queue's worker runs at once in this process. Default 16. */
  concurrency?: number;
}

/** Jobs per Redis round trip when enqueueing. */
const ADD_CHUNK = 1000;

/**
 * Batch items on BullMQ, for API and worker processes on several machines. Every process
 * enqueues (an API-only process does nothing else); only a process that calls start() consumes.
 * A job is a pointer to an item row in PostgreSQL, its id the item's, so enqueueing again is a
 * no-op while it waits or runs. Finished jobs are removed at once rather than kept: a kept
 * job's id would make re-enqueueing its item after retry-failed a silent no-op, and the item
 * rows already hold the history.
 */
export class BullmqWorkQueue implements BatchWorkQueue {
  private readonly redis: Redis;
  private readonly queues = new Map<string, Queue<BatchJob>>();
  private readonly router: JobRouter;
  private readonly prefix: string;
  private consumers: QueueConsumers | undefined;
  private started: Promise<void> | undefined;

  constructor(private readonly opts: BullmqWorkQueueOptions) {
    this.redis = connectRedis(opts.redisUrl);
    // Reconnects are ioredis's job; an 'error' event without a listener would crash the process.
    this.redis.on("error", (err) => opts.log.warn({ err }, "Redis connection error; reconnecting"));
    this.prefix = opts.prefix ?? "bull";
    this.router = new JobRouter(opts.store);
  }

  async enqueue(jobs: BatchJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const byQueue = new Map<string, RoutedJob[]>();
    for (const routed of await this.router.route(jobs)) {
      const name = routed.route ? queueNameFor(routed.route.server, routed.route.connectionId) : UNROUTED_QUEUE;
      const list = byQueue.get(name);
      if (list) list.push(routed);
      else byQueue.set(name, [routed]);
    }
    for (const [name, routed] of byQueue) {
      await this.register(name);
      const queue = this.queue(name);
      for (let i = 0; i < routed.length; i += ADD_CHUNK) {
        await queue.addBulk(routed.slice(i, i + ADD_CHUNK).map(({ job }) => ({
          name: "item",
          data: job,
          opts: {
            jobId: jobIdFor(job.itemId),
            removeOnComplete: true,
            removeOnFail: true,
            // Retries for a database or Redis blip inside the handler; provider failures are
            // the refund's own business and end as the item's result, not as a job failure.
            attempts: 5,
            backoff: { type: "exponential", delay: 1000 },
          },
        })));
      }
    }
  }

  start(handler: BatchJobHandler): void {
    this.consumers = new QueueConsumers(
      {
        redis: this.redis,
        prefix: this.prefix,
        store: this.opts.store,
        log: this.opts.log,
        owner: this.opts.owner,
        leaseTtlMs: this.opts.leaseTtlMs ?? 30_000,
        concurrency: this.opts.concurrency ?? 16,
      },
      handler,
    );
    this.started = this.consumers.start();
  }

  /** The connection's pacer for this process: its own pace, plus a slot from the connection's schedule shared in Redis. */
  pacerFor(connection: ConnectionRecord, ratePerSecond: number): Pacer {
    return new SharedPacer({ ratePerSecond }, { redis: this.redis, key: `${this.prefix}:codespar:pace:${connection.id}`, ratePerSecond });
  }

  /** Token buckets in Redis on this queue's connection, so the API rate limit opens no second one and closes with the queue. */
  apiRateBuckets(bucket: Pick<TokenBucketOptions, "ratePerSecond" | "burst">): RedisTokenBuckets {
    return new RedisTokenBuckets(this.redis, { ...bucket, prefix: this.prefix });
  }

  /** Resolves once the consumers have attached to every queue registered so far. */
  async ready(): Promise<string[]> {
    await this.started;
    return this.consumers?.queueNames ?? [];
  }

  /** Stops taking jobs, lets the ones in flight finish and be acknowledged, then lets go of Redis. */
  async close(): Promise<void> {
    await this.started?.catch(() => undefined);
    await this.consumers?.close();
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /**
   * Records the queue name for workers to find, on every enqueue: a Redis that lost its data
   * learns it again. A name new to the registry is announced, so a batch on a connection no
   * worker consumes yet starts now instead of at the workers' next look.
   */
  private async register(name: string): Promise<void> {
    if ((await this.redis.sadd(registryKey(this.prefix), name)) === 1) await this.redis.publish(registryChannel(this.prefix), name);
  }

  private queue(name: string): Queue<BatchJob> {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue<BatchJob>(name, { connection: this.redis, prefix: this.prefix });
      queue.on("error", (err) => this.opts.log.warn({ err, queue: name }, "batch queue error"));
      this.queues.set(name, queue);
    }
    return queue;
  }
}
