import { DelayedError, type Job } from "bullmq";
import type { FastifyBaseLogger } from "fastify";
import type { Store } from "../storage/index.js";
import type { BatchJob, BatchJobHandler } from "./work-queue.js";

export interface JobProcessorOptions {
  store: Store;
  handler: BatchJobHandler;
  /** This process in item leases. */
  owner: string;
  leaseTtlMs: number;
  log: FastifyBaseLogger;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One BullMQ delivery of one item. The item is claimed under a lease renewed while it runs (a
 * worker on another machine can then tell it from an orphan), and the processor returns only
 * once the item's completion is committed to the database: BullMQ acknowledges the job after
 * that, so a crash before it re-delivers the job instead of losing the item. An item a live
 * worker still holds (a stalled job re-delivered early) waits in BullMQ's delayed set until
 * that lease would have ended, then is looked at again.
 */
export function jobProcessor(opts: JobProcessorOptions) {
  return async (job: Job<BatchJob>, token?: string): Promise<void> => {
    const item = job.data;
    const lease = () => ({ owner: opts.owner, until: iso(Date.now() + opts.leaseTtlMs) });
    const renewal = setInterval(() => {
      opts.store.batches.renewLease(item.itemId, lease()).catch((err: unknown) => {
        opts.log.warn({ err, item_id: item.itemId }, "could not renew a batch item's lease; retrying at the next tick");
      });
    }, Math.max(50, Math.floor(opts.leaseTtlMs / 3)));
    try {
      const ran = await opts.handler(item, lease());
      if (ran.outcome === "leased") {
        const until = ran.until ? Date.parse(ran.until) : Date.now() + opts.leaseTtlMs;
        await job.moveToDelayed(Math.max(until, Date.now()) + 100, token);
        throw new DelayedError();
      }
    } finally {
      clearInterval(renewal);
    }
  };
}
