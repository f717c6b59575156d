import { CodesparError } from "@codespar/protocol";
import type { FastifyBaseLogger } from "fastify";
import type { ServerConfig } from "../config/server-config.js";
import type { BatchWorkQueue } from "../batches/work-queue.js";
import type { Pacer } from "../pacing/pacer.js";
import type { RateBuckets, TokenBucketOptions } from "../http/token-bucket.js";
import { isPostgresUrl, type ConnectionRecord, type Store } from "../storage/index.js";
import { newOwnerId } from "./owner-id.js";

/**
 * What running on several machines needs, refused at start rather than discovered later: the
 * state in PostgreSQL (Redis only points at it), and one master key for all processes, since
 * a connection's credentials sealed by one process are opened by another.
 */
export function checkDistributedConfig(config: ServerConfig): void {
  if (!config.redisUrl) return;
  if (!isPostgresUrl(config.databaseUrl)) {
    throw new CodesparError("invalid_request", "REDIS_URL needs DATABASE_URL=postgres://…: workers on several machines share their state through PostgreSQL");
  }
  if (!config.masterKey) {
    throw new CodesparError("invalid_request", "REDIS_URL needs CODESPAR_MASTER_KEY, the same in every API and worker process: each must open the credentials the others sealed");
  }
}

/** What a process of a multi-process deployment uses instead of the embedded defaults. */
export interface DistributedParts {
  /** Batch items on BullMQ. */
  queue: BatchWorkQueue;
  /** Each connection's pacer, sharing its rate with the other processes through Redis. */
  pacerFor: (connection: ConnectionRecord, ratePerSecond: number) => Pacer;
  /** The per-key API rate limit's buckets, one per key for all API processes together. */
  apiRateBuckets: (bucket: Pick<TokenBucketOptions, "ratePerSecond" | "burst">) => RateBuckets;
}

/** The BullMQ queue and shared pacing when REDIS_URL is set; undefined for the embedded default. Loaded lazily so the embedded default never loads BullMQ. */
export async function openDistributed(config: ServerConfig, store: Store, log: FastifyBaseLogger): Promise<DistributedParts | undefined> {
  if (!config.redisUrl) return undefined;
  checkDistributedConfig(config);
  const { BullmqWorkQueue } = await import("../batches/bullmq-queue.js");
  const queue = new BullmqWorkQueue({
    redisUrl: config.redisUrl,
    prefix: config.redisPrefix,
    store,
    log,
    owner: newOwnerId(),
    leaseTtlMs: config.leaseTtlMs,
    concurrency: config.workerConcurrency,
  });
  return { queue, pacerFor: (connection, ratePerSecond) => queue.pacerFor(connection, ratePerSecond), apiRateBuckets: (bucket) => queue.apiRateBuckets(bucket) };
}
