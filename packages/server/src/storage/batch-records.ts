import type { KeyMode } from "./records.js";

export type BatchStatus = "running" | "completed" | "cancelled";
export type BatchItemStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export interface BatchRecord {
  id: string;
  project_id: string;
  mode: KeyMode;
  tool: string;
  session_id: string | null;
  servers: string[];
  metadata: Record<string, unknown>;
  /** Items of this batch in flight at once. */
  concurrency: number;
  total: number;
  status: BatchStatus;
  /** Items completed so far, counting re-completions after retry-failed; the events cursor. */
  completions: number;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

export interface BatchItemRecord {
  id: string;
  batch_id: string;
  project_id: string;
  /** Position in the submitted items array. */
  seq: number;
  input: Record<string, unknown>;
  status: BatchItemStatus;
  attempts: number;
  tool_call_id: string | null;
  /** The ToolResult of the last run. */
  result: Record<string, unknown> | null;
  error_code: string | null;
  error_message: string | null;
  server: string | null;
  /** The batch's completion counter when this item last completed (for event streams). */
  completion_index: number | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

export type BatchCounts = Record<BatchItemStatus, number>;

export interface ItemCompletion {
  status: "succeeded" | "failed";
  tool_call_id: string | null;
  result: Record<string, unknown>;
  error_code: string | null;
  error_message: string | null;
  server: string | null;
  completed_at: string;
}

/** A worker's hold on one running item, so a worker on another machine can tell a live item from an orphan. */
export interface ItemLease {
  /** Which process holds it (see distributed/owner-id.ts). */
  owner: string;
  /** ISO time the hold ends unless renewed. */
  until: string;
}

/** What a leased claim found: the item is now ours, there is nothing left to do, or a live worker holds it. */
export type LeasedClaim =
  | { outcome: "claimed"; item: BatchItemRecord }
  | { outcome: "finished" }
  | { outcome: "leased"; until: string | null };

export interface BatchRepository {
  /** The batch and all its items, in one transaction: a batch is never half stored. */
  insert(batch: BatchRecord, items: BatchItemRecord[]): Promise<void>;
  get(projectId: string, id: string): Promise<BatchRecord | undefined>;
  /** Batches with work left, across projects: what a starting runner resumes. */
  listRunning(): Promise<BatchRecord[]>;
  counts(batchId: string): Promise<BatchCounts>;
  /** queued -> running for one item; undefined when it is not queued (taken, cancelled, done). */
  claim(itemId: string, at: string): Promise<BatchItemRecord | undefined>;
  /**
   * Workers on several machines: queued -> running under `lease`, or takes over an item left
   * running whose lease ended before `at` (its worker died) or that `lease.owner` already holds.
   * Items claimed without a lease (the embedded runner) are never taken over.
   */
  claimLeased(itemId: string, at: string, lease: ItemLease): Promise<LeasedClaim>;
  /** Extends the holder's lease on a running item; false when it is no longer running under that owner. */
  renewLease(itemId: string, lease: ItemLease): Promise<boolean>;
  complete(itemId: string, batchId: string, c: ItemCompletion): Promise<void>;
  items(batchId: string, opts: { status?: BatchItemStatus; afterSeq?: number; limit: number }): Promise<BatchItemRecord[]>;
  completedSince(batchId: string, completionIndex: number, limit: number): Promise<BatchItemRecord[]>;
  /** Ids of items queued or running, in order. */
  unfinishedItemIds(batchId: string): Promise<string[]>;
  /** Single-process recovery: items left running by a crash go back to queued. */
  requeueRunning(batchId: string, at: string): Promise<number>;
  cancelQueued(batchId: string, at: string): Promise<number>;
  /** failed -> queued; returns the item ids. */
  requeueFailed(batchId: string, at: string): Promise<string[]>;
  setStatus(batchId: string, status: BatchRecord["status"], at: string): Promise<void>;
}
