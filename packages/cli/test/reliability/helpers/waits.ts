import { setTimeout as sleep } from "node:timers/promises";
import type { BatchInfo } from "@codespar/sdk";
import type { Sandbox } from "@codespar/sandbox";
import { PROVIDERS } from "./items.js";
import type { LedgerDb } from "./ledger-db.js";
import type { Stack } from "./stack.js";

const PENDING_AT_PROVIDER = new Set(["pending", "in_process", "PENDING"]);

/** Polls until `done(batch)`; every bound ends in an error that says where the batch stood. */
export async function waitBatch(stack: Stack, batchId: string, done: (b: BatchInfo) => boolean, timeoutMs: number, what: string, pollMs = 200): Promise<BatchInfo> {
  const deadline = Date.now() + timeoutMs;
  let last: BatchInfo | undefined;
  for (;;) {
    last = await stack.codespar.batches.get(batchId);
    if (done(last)) return last;
    if (Date.now() > deadline) {
      const running = [];
      for await (const i of stack.codespar.batches.allItems(batchId, { status: "running" })) running.push(`#${i.index} ${String(i.input.payment_id)}`);
      throw new Error(`STUCK (data dir ${stack.dataDir}): ${what} not reached after ${timeoutMs} ms: batch ${batchId} ${last.status} ${JSON.stringify(last.counts)}; running: ${running.slice(0, 20).join(", ")}\nserver output (tail):\n${stack.output().slice(-4000)}`);
    }
    await sleep(pollMs);
  }
}

/**
 * Waits until settlement has nothing left to do: no refund row in flight, pending or unknown,
 * no refund pending at any provider, no webhook delivery under way.
 */
export async function waitSettled(stack: Stack, db: LedgerDb, sandbox: Sandbox, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = db.refundRows().filter((r) => r.state !== "succeeded" && r.state !== "failed");
    const atProvider = PROVIDERS.flatMap((p) => sandbox[p].refunds()).filter((r) => PENDING_AT_PROVIDER.has(r.status));
    if (open.length === 0 && atProvider.length === 0) {
      await Promise.all(PROVIDERS.map((p) => sandbox[p].webhooksIdle()));
      // A delivery that just landed may have moved a row; look once more before calling it settled.
      if (db.refundRows().every((r) => r.state === "succeeded" || r.state === "failed")) return;
    }
    if (Date.now() > deadline) {
      const checks = db.settlementChecks();
      const rows = open.slice(0, 20).map((r) => `${r.server} ${r.payment_id} ${r.idempotency_key} ${r.state} (${r.error_code ?? "-"}, ${r.attempts} attempts, poller ${JSON.stringify(checks.get(r.idempotency_key) ?? null)})`);
      const pending = atProvider.slice(0, 20).map((r) => `${r.provider} ${r.payment_id} ${r.refund_id} ${r.status}`);
      throw new Error(`STUCK (data dir ${stack.dataDir}): settlement not finished after ${timeoutMs} ms.\nopen rows (${open.length}): ${rows.join("; ")}\npending at providers (${atProvider.length}): ${pending.join("; ")}\nserver output (tail):\n${stack.output().slice(-4000)}`);
    }
    await sleep(200);
  }
}
