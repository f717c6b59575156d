import { setTimeout as sleep } from "node:timers/promises";
import type { BatchEvent, BatchInfo, BatchItem, BatchItemsPage, BatchItemStatus, CreateBatchOptions } from "./batch-types.js";
import type { Requester } from "./http.js";

/**
 * Durable server-side batches: the server stores the items, works them at the providers'
 * pace, survives restarts and disconnected clients, and keeps every result.
 */
export class Batches {
  readonly #http: Requester;

  constructor(http: Requester) {
    this.#http = http;
  }

  create(options: CreateBatchOptions): Promise<BatchInfo> {
    return this.#http.request<BatchInfo>({ method: "POST", path: "/v1/batches", body: options });
  }

  get(id: string): Promise<BatchInfo> {
    return this.#http.request<BatchInfo>({ method: "GET", path: `/v1/batches/${encodeURIComponent(id)}` });
  }

  /** One page of items, in submission order; `status: "failed"` is the batch's dead-letter set. */
  items(id: string, options: { status?: BatchItemStatus; after?: number; limit?: number } = {}): Promise<BatchItemsPage> {
    return this.#http.request<BatchItemsPage>({ method: "GET", path: `/v1/batches/${encodeURIComponent(id)}/items`, query: { status: options.status, after: options.after, limit: options.limit } });
  }

  /** Every item (or every item with a status), paging through the API. */
  async *allItems(id: string, options: { status?: BatchItemStatus } = {}): AsyncGenerator<BatchItem> {
    let after: number | undefined;
    for (;;) {
      const page = await this.items(id, { ...options, limit: 1000, ...(after !== undefined ? { after } : {}) });
      yield* page.data;
      if (!page.has_more || page.next_after === null) return;
      after = page.next_after;
    }
  }

  cancel(id: string): Promise<BatchInfo> {
    return this.#http.request<BatchInfo>({ method: "POST", path: `/v1/batches/${encodeURIComponent(id)}/cancel` });
  }

  /** Re-runs the dead-letter set under the same idempotency keys. */
  retryFailed(id: string): Promise<BatchInfo & { retried: number }> {
    return this.#http.request({ method: "POST", path: `/v1/batches/${encodeURIComponent(id)}/retry-failed` });
  }

  /** Resolves when the batch is no longer running, polling its progress. */
  async wait(id: string, options: { pollMs?: number; onProgress?: (batch: BatchInfo) => void; signal?: AbortSignal } = {}): Promise<BatchInfo> {
    for (;;) {
      const batch = await this.get(id);
      options.onProgress?.(batch);
      if (batch.status !== "running") return batch;
      await sleep(options.pollMs ?? 500, undefined, options.signal ? { signal: options.signal } : undefined);
    }
  }

  /**
   * The batch's live events (`item`, `progress`, `end`) as an async iterator. Pass `after`
   * (the last item event id seen) to resume after a disconnect without missing or repeating items.
   */
  async *events(id: string, options: { after?: number; signal?: AbortSignal } = {}): AsyncGenerator<BatchEvent> {
    const stream = this.#http.stream({ path: `/v1/batches/${encodeURIComponent(id)}/events`, query: { after: options.after } }, options.signal);
    for await (const e of stream) {
      const data = JSON.parse(e.data) as unknown;
      if (e.event === "item") yield { type: "item", id: Number(e.id), item: data as BatchItem };
      else if (e.event === "progress") yield { type: "progress", batch: data as BatchInfo };
      else if (e.event === "end") {
        yield { type: "end", batch: data as BatchInfo };
        return;
      }
    }
  }
}
