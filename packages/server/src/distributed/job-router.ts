import { paymentIdMatches, type ProviderId } from "@codespar/providers";
import { isServerId } from "../catalog/servers.js";
import type { BatchJob } from "../batches/work-queue.js";
import type { BatchItemRecord, BatchRecord, ConnectionRecord, Store } from "../storage/index.js";

/** A job and the provider connection whose limiter should pace it (none: the unrouted queue). */
export interface RoutedJob {
  job: BatchJob;
  route?: { server: ProviderId; connectionId: string };
}

const PAGE = 1000;

/**
 * Picks each batch item's provider connection before it is queued, so the connection's queue
 * limiter paces it. It uses the PaymentRouter's sources (the explicit server, the id's shape, the
 * ledger) from the item's input, asking the ledger only about ids whose shape names no single
 * provider: the shapes do not overlap, so this saves a query per item of a 100,000-item batch. This only chooses the pace: when the item runs, the
 * PaymentRouter routes it for real, and an item it cannot route goes to the unrouted queue and
 * fails fast there with its normal error.
 */
export class JobRouter {
  constructor(private readonly store: Store) {}

  async route(jobs: BatchJob[]): Promise<RoutedJob[]> {
    const byBatch = new Map<string, BatchJob[]>();
    for (const job of jobs) {
      const list = byBatch.get(job.batchId);
      if (list) list.push(job);
      else byBatch.set(job.batchId, [job]);
    }
    const out: RoutedJob[] = [];
    for (const [batchId, batchJobs] of byBatch) {
      const first = batchJobs[0] as BatchJob;
      const batch = await this.store.batches.get(first.projectId, batchId);
      if (!batch) {
        out.push(...batchJobs.map((job) => ({ job })));
        continue;
      }
      const inputs = await this.inputsOf(batch.id, new Set(batchJobs.map((j) => j.itemId)));
      const connections = await this.store.connections.list(batch.project_id);
      for (const job of batchJobs) {
        const route = await this.routeItem(batch, connections, inputs.get(job.itemId));
        out.push(route ? { job: { ...job, connectionId: route.connectionId }, route } : { job });
      }
    }
    return out;
  }

  /** The wanted items' inputs, read a page at a time so a 100,000-item batch never sits in memory twice. */
  private async inputsOf(batchId: string, wanted: Set<string>): Promise<Map<string, Record<string, unknown>>> {
    const inputs = new Map<string, Record<string, unknown>>();
    let afterSeq: number | undefined;
    for (;;) {
      const page: BatchItemRecord[] = await this.store.batches.items(batchId, { limit: PAGE, ...(afterSeq !== undefined ? { afterSeq } : {}) });
      for (const item of page) if (wanted.has(item.id)) inputs.set(item.id, item.input);
      if (page.length < PAGE || inputs.size === wanted.size) return inputs;
      afterSeq = page[page.length - 1]?.seq;
    }
  }

  private async routeItem(batch: BatchRecord, connections: ConnectionRecord[], input: Record<string, unknown> | undefined): Promise<RoutedJob["route"]> {
    if (!input || batch.tool !== "codespar_pay") return undefined;
    const servers = batch.servers.filter(isServerId);
    let server: ProviderId | undefined;
    if (typeof input.server === "string") {
      server = servers.find((s) => s === input.server);
    } else if (typeof input.payment_id === "string") {
      const paymentId = input.payment_id;
      const byShape = servers.filter((s) => paymentIdMatches(s, paymentId));
      if (byShape.length === 1) server = byShape[0];
      else {
        const known = await this.store.paymentRoutes.find(batch.project_id, paymentId);
        server = servers.find((s) => s === known?.server);
      }
    }
    const connection = server && connections.find((c) => c.server === server && c.mode === batch.mode);
    return server && connection ? { server, connectionId: connection.id } : undefined;
  }
}
