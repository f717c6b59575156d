import type { ItemLease } from "../storage/index.js";

/** One unit of batch work: run this item. The item's row, not the job, is the source of truth. */
export interface BatchJob {
  projectId: string;
  batchId: string;
  itemId: string;
  /** The batch's own limit of items in flight. */
  concurrency: number;
  /** The provider connection the item routes to, for queues that pace per connection (BullMQ); the in-process queue ignores it. */
  connectionId?: string;
}

/** How one delivery of a job ended, for queues that may deliver a job again (BullMQ). */
export type ItemRunOutcome =
  /** Claimed, run, and its completion stored. */
  | { outcome: "completed" }
  /** Nothing to do: finished, cancelled, or taken by someone else for good. */
  | { outcome: "skipped" }
  /** A live worker holds the item; look again after `until` (null: a holder without an end, such as the embedded runner). */
  | { outcome: "leased"; until: string | null };

/** Runs one job; with a lease the item is claimed under it (workers on several machines). */
export type BatchJobHandler = (job: BatchJob, lease?: ItemLease) => Promise<ItemRunOutcome>;

/**
 * The small boundary the batch runner works through. The embedded default keeps jobs in
 * process; the issue "Beyond one machine" implements it on BullMQ. Either way a job is only a
 * pointer: losing the queue loses nothing, because unfinished items are re-enqueued from storage.
 */
export interface BatchWorkQueue {
  /** Makes items available to workers; enqueueing an item already waiting is a no-op. */
  enqueue(jobs: BatchJob[]): Promise<void>;
  /** Starts consuming; the handler resolves once the item's outcome is durably stored. */
  start(handler: BatchJobHandler): void;
  /** Stops taking jobs and waits for the ones in flight. */
  close(): Promise<void>;
}
