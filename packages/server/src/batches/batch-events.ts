import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { Services } from "../services.js";
import { batchItemView, batchView } from "./batch-view.js";

const POLL_MS = 250;
const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events for one batch: `item` for each completed item (id = its completion index,
 * so a reconnect with Last-Event-ID resumes exactly), `progress` when counts change, `end` once
 * the batch is finished. It reads storage, not process memory, so any API process can serve
 * the stream of a batch that workers elsewhere are running.
 */
export async function streamBatchEvents(services: Services, projectId: string, batchId: string, after: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive", "x-accel-buffering": "no" });
  let open = true;
  req.on("close", () => (open = false));
  const stop = () => (open = false);
  services.shutdown.signal.addEventListener("abort", stop, { once: true });
  const send = (event: string, data: unknown, id?: number) => {
    res.write(`${id !== undefined ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  let cursor = after;
  let lastProgress = "";
  let lastBeat = Date.now();
  while (open) {
    const items = await services.store.batches.completedSince(batchId, cursor, 500);
    for (const item of items) {
      cursor = item.completion_index ?? cursor;
      send("item", batchItemView(item), cursor);
    }
    const batch = await services.store.batches.get(projectId, batchId);
    if (!batch) break;
    const view = batchView(batch, await services.store.batches.counts(batchId));
    const progress = JSON.stringify(view.counts) + view.status;
    if (progress !== lastProgress) {
      lastProgress = progress;
      send("progress", view);
    }
    if (batch.status !== "running" && items.length === 0 && cursor >= batch.completions) {
      send("end", view);
      break;
    }
    if (Date.now() - lastBeat > HEARTBEAT_MS) {
      res.write(": keep-alive\n\n");
      lastBeat = Date.now();
    }
    if (items.length < 500) await sleep(POLL_MS);
  }
  services.shutdown.signal.removeEventListener("abort", stop);
  res.end();
}
