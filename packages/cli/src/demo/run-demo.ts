import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CodeSpar } from "@codespar/sdk";
import { startDevEnvironment } from "../dev/dev-environment.js";
import { Progress } from "../output/progress.js";
import { renderTable } from "../output/table.js";
import { bulkRefund, type BulkRefundSummary } from "./bulk-refund.js";
import { demoJobs } from "./demo-jobs.js";

export interface DemoOptions {
  payments: number;
  concurrency: number;
  json: boolean;
}

const PROVIDERS = ["stripe", "asaas", "mercadopago"] as const;

/**
 * Shows the whole story in one process: a server on a throwaway SQLite, three emulators with
 * realistic latency, a bulk refund with designed failures, the dead-letter file, and a re-run
 * that refunds nothing twice. Returns false when any promise of the story is broken.
 */
export async function runDemo(opts: DemoOptions): Promise<boolean> {
  const latency = { latencyMs: 25, jitterMs: 30 };
  const env = await startDevEnvironment({ seed: opts.payments, sandbox: { stripe: { faults: latency }, asaas: { faults: latency }, mercadopago: { faults: latency } } });
  const say = (line: string) => {
    if (!opts.json) console.log(line);
  };
  try {
    const codespar = new CodeSpar({ apiKey: env.apiKey, baseUrl: env.baseUrl });
    const { jobs, designed } = demoJobs(env.payments);
    say(`CodeSpar demo: server ${env.baseUrl}, sandbox for Stripe, Asaas and Mercado Pago (25-55 ms latency)`);
    say(`Seeded ${env.payments.length} payments; refunding ${jobs.length} jobs (${designed.length} designed to fail), ${opts.concurrency} at a time\n`);

    const first = await withProgress(opts.json, jobs.length, (tick) => bulkRefund(codespar, jobs, { concurrency: opts.concurrency, onProgress: tick }));
    const ledgerAfterFirst = PROVIDERS.map((p) => env.sandbox[p].refunds().length);
    say(summaryTable(first, env));
    const deadLetterFile = join(mkdtempSync(join(tmpdir(), "codespar-demo-")), "dead-letter.jsonl");
    writeFileSync(deadLetterFile, first.failed.map((f) => JSON.stringify({ tool_call_id: f.result.tool_call_id, error_code: f.result.error_code, error: f.result.error, server: f.result.server, payload: f.job })).join("\n") + "\n");
    say(`\nFailures (${first.failed.length}), written to ${deadLetterFile}:`);
    say(renderTable(["payment", "server", "error_code", "error"], first.failed.map((f) => [f.job.payment_id, f.result.server ?? "-", f.result.error_code ?? "-", truncate(f.result.error ?? "", 70)])));

    say(`\nRe-running the same ${jobs.length} jobs...`);
    const second = await withProgress(opts.json, jobs.length, (tick) => bulkRefund(codespar, jobs, { concurrency: opts.concurrency, onProgress: tick }));
    const ledgerAfterSecond = PROVIDERS.map((p) => env.sandbox[p].refunds().length);
    const newRefunds = ledgerAfterSecond.reduce((a, b) => a + b, 0) - ledgerAfterFirst.reduce((a, b) => a + b, 0);
    say(`Re-run: ${second.alreadyDone} reported as already done, ${newRefunds} new refunds at the providers (sandbox ledgers: ${PROVIDERS.map((p, i) => `${p} ${ledgerAfterSecond[i]}`).join(", ")})`);

    const unexpected = designed.filter((d) => !first.failed.some((f) => f.job === d.job && f.result.error_code === d.expect));
    const ok = newRefunds === 0 && first.failed.length === designed.length && unexpected.length === 0;
    if (opts.json) {
      console.log(JSON.stringify({ ok, first: brief(first), rerun: brief(second), new_refunds_on_rerun: newRefunds, dead_letter_file: deadLetterFile }));
    } else {
      say(ok ? "\nEvery refund made once, every failure explained, nothing refunded twice." : `\nDEMO CHECK FAILED: ${unexpected.length} designed failures not reported as expected, ${newRefunds} new refunds on re-run`);
    }
    return ok;
  } finally {
    await env.close();
  }
}

async function withProgress<T>(quiet: boolean, total: number, work: (tick: (done: number) => void) => Promise<T>): Promise<T> {
  const progress = new Progress(total, quiet);
  try {
    return await work((done) => progress.update(done));
  } finally {
    progress.finish();
  }
}

function summaryTable(s: BulkRefundSummary, env: Awaited<ReturnType<typeof startDevEnvironment>>): string {
  const rows = PROVIDERS.map((p) => {
    const mine = s.results.filter((r) => r.server === p);
    const ok = mine.filter((r) => r.success);
    const cents = ok.reduce((sum, r) => sum + Number((r.data as { amount?: number }).amount ?? 0), 0);
    return [p, mine.length, ok.length, mine.length - ok.length, (cents / 100).toFixed(2), env.sandbox[p].refunds().length];
  });
  const unrouted = s.results.filter((r) => !r.server).length;
  if (unrouted) rows.push(["(unrouted)", unrouted, 0, unrouted, "0.00", 0]);
  return `${renderTable(["provider", "jobs", "refunded", "failed", "amount", "provider ledger"], rows)}\n${s.succeeded}/${s.total} succeeded in ${s.seconds.toFixed(1)} s (${(s.total / s.seconds).toFixed(0)} jobs/s)`;
}

function brief(s: BulkRefundSummary) {
  return { total: s.total, succeeded: s.succeeded, already_done: s.alreadyDone, failed: s.failed.length, seconds: s.seconds, failures: s.failed.map((f) => ({ payment_id: f.job.payment_id, error_code: f.result.error_code, tool_call_id: f.result.tool_call_id })) };
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
