import type { CodeSpar, ToolResult } from "@codespar/sdk";
import type { Progress } from "../output/progress.js";
import type { RefundRow } from "./refund-file.js";
import { toParams, type RowOutcome } from "./refund-outcome.js";

/**
 * Submits the rows as one durable batch and follows its event stream; if the stream drops
 * (server restart, network), it reconnects from the last item seen. The batch itself never
 * depended on this client staying connected.
 */
export async function runAsBatch(codespar: CodeSpar, rows: RefundRow[], opts: { concurrency?: number; metadata: Record<string, unknown>; progress: Progress }): Promise<{ batchId: string; outcomes: RowOutcome[] }> {
  const batch = await codespar.batches.create({
    tool: "codespar_pay",
    items: rows.map(toParams),
    metadata: opts.metadata,
    ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
  });
  const results: (ToolResult | null)[] = rows.map(() => null);
  let done = 0;
  let failed = 0;
  let after = 0;
  for (let reconnects = 0; ; reconnects++) {
    try {
      for await (const e of codespar.batches.events(batch.id, { after })) {
        if (e.type === "item") {
          after = e.id;
          if (results[e.item.index] === null) done++;
          else if (!results[e.item.index]?.success) failed--;
          results[e.item.index] = e.item.result;
          if (!e.item.result?.success) failed++;
          opts.progress.update(done, failed);
        }
        if (e.type === "end") return { batchId: batch.id, outcomes: rows.map((row, i) => ({ row, result: results[i] ?? null })) };
      }
    } catch (err) {
      if (reconnects >= 30) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
