import type { CodeSpar } from "@codespar/sdk";
import type { Progress } from "../output/progress.js";
import type { RefundRow } from "./refund-file.js";
import { toParams, type RowOutcome } from "./refund-outcome.js";

/** `--local`: the cookbook's way, a session loop driven from this process (with concurrency). */
export async function runLocally(codespar: CodeSpar, rows: RefundRow[], opts: { concurrency: number; metadata: Record<string, unknown>; progress: Progress }): Promise<RowOutcome[]> {
  const session = await codespar.create("codespar-cli", { servers: ["stripe", "asaas", "mercadopago"], metadata: opts.metadata });
  let done = 0;
  let failed = 0;
  try {
    const result = await session.loop({
      steps: rows.map((row) => ({ tool: "codespar_pay", params: toParams(row) })),
      abortOnError: false,
      concurrency: opts.concurrency,
      onStepComplete: (_s, r) => opts.progress.update(++done, r.success ? failed : ++failed),
    });
    return rows.map((row, i) => ({ row, result: result.results[i] ?? null }));
  } finally {
    await session.close();
  }
}
