import { CodeSpar, type ToolResult } from "@codespar/sdk";
import type { RefundJob } from "./demo-jobs.js";

export interface BulkRefundSummary {
  total: number;
  succeeded: number;
  alreadyDone: number;
  failed: { job: RefundJob; result: ToolResult }[];
  results: ToolResult[];
  seconds: number;
}

/**
 * The cookbook's bulkRefund, as written there (session, pre-flight discover, loop with
 * abortOnError: false, close in finally), plus our `concurrency` so the demo is quick.
 */
export async function bulkRefund(codespar: CodeSpar, jobs: RefundJob[], opts: { concurrency: number; onProgress?: (done: number) => void }): Promise<BulkRefundSummary> {
  const started = Date.now();
  const session = await codespar.create("refund-worker", { servers: ["stripe", "asaas", "mercadopago"], metadata: { source: "cron:bulk-refund" } });
  try {
    const capabilities = await session.execute("codespar_discover", { domain: "payments", capability: "refund" });
    const servers = (capabilities as ToolResult & { servers?: unknown[] }).servers ?? [];
    if (servers.length === 0) throw new Error("No provider is connected for refunds; nothing was sent");
    let done = 0;
    const result = await session.loop({
      steps: jobs.map((job) => ({
        tool: "codespar_pay",
        params: { action: "refund", payment_id: job.payment_id, amount: job.amount, reason: job.reason },
      })),
      abortOnError: false,
      concurrency: opts.concurrency,
      onStepComplete: () => opts.onProgress?.(++done),
      onStepError: () => opts.onProgress?.(++done),
    });
    const failed = result.results.flatMap((r, i) => (r.success ? [] : [{ job: jobs[i] as RefundJob, result: r }]));
    const alreadyDone = result.results.filter((r) => r.success && (r.data as { already_done?: boolean } | null)?.already_done).length;
    return { total: jobs.length, succeeded: result.results.filter((r) => r.success).length, alreadyDone, failed, results: result.results, seconds: (Date.now() - started) / 1000 };
  } finally {
    await session.close();
  }
}
