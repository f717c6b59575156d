/** One unit of batch work: run this item. The item's row, not the job, is the source of truth. */
export interface BatchJob {
  projectId: string;
  batchId: string;
  itemId: string;
  /** The batch's own limit of items in flight. */
  concurrency: number;
}

export type BatchJobHandler = (job: BatchJob) => Promise<void>;

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
