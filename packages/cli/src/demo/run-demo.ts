import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createProvider } from "@codespar/providers";
import type { SeededPayment } from "@codespar/sandbox";
import { CodeSpar } from "@codespar/sdk";
import type { UsageReport } from "@codespar/server";
import { renderUsage } from "../commands/usage-command.js";
import { startDevEnvironment, type DevEnvironment } from "../dev/dev-environment.js";
import { writeFileAtomic } from "../output/atomic-write.js";
import { Progress } from "../output/progress.js";
import { renderTable } from "../output/table.js";
import type { RefundRow } from "../refund/refund-file.js";
import { alreadyDone, deadLetter, summarise, type RowOutcome } from "../refund/refund-outcome.js";
import { runAsBatch } from "../refund/run-as-batch.js";
import { demoJobs } from "./demo-jobs.js";

export interface DemoOptions {
  payments: number;
  concurrency: number;
  json: boolean;
}

const PROVIDERS = ["stripe", "asaas", "mercadopago"] as const;
/** Stripe's test-mode limit for all three, so the sandbox behaves like a busy real account. */
const RATE_LIMITS = { stripe: 25, asaas: 25, mercadopago: 25 };
const OUTAGE_MS = 1_500;

/**
 * The main job, end to end, in one process with no setup: the server on a throwaway SQLite,
 * the three emulators with realistic latency and rate limits, a bulk refund with designed
 * failures and a provider outage, the per-provider summary, the dead-letter file, the bill, and
 * a re-run that refunds nothing twice. Returns false when any promise of the story breaks.
 */
export async function runDemo(opts: DemoOptions): Promise<boolean> {
  const latency = { latencyMs: 25, jitterMs: 30 };
  const env = await startDevEnvironment({
    seed: opts.payments,
    rateLimits: RATE_LIMITS,
    sandbox: { stripe: { faults: latency }, asaas: { faults: latency }, mercadopago: { faults: latency } },
  });
  const say = (line = "") => {
    if (!opts.json) console.log(line);
  };
  try {
    const codespar = new CodeSpar({ apiKey: env.apiKey, baseUrl: env.baseUrl });
    const refundedElsewhere = await refundOutsideCodespar(env);
    const { jobs, designed } = demoJobs(env.payments, refundedElsewhere);
    const rows: RefundRow[] = jobs.map((j, i) => ({ line: i + 1, payment_id: j.payment_id, amount: j.amount, reason: j.reason }));
    say(`CodeSpar demo: server ${env.baseUrl} on SQLite in ${env.dataDir}`);
    say(`Sandbox: Stripe, Asaas and Mercado Pago with 25-55 ms latency, each allowing ${RATE_LIMITS.stripe} requests/s`);
    say(`${env.payments.length} payments seeded; refunding ${rows.length} rows (${designed.length} designed to fail) as one durable batch`);
    say(`Asaas goes down (every request a 500) for ${OUTAGE_MS / 1000} s during the run: retries must absorb it\n`);

    const outage = setTimeout(() => {
      env.sandbox.asaas.setFaults({ ...latency, rateLimitPerSecond: RATE_LIMITS.asaas, errorRate: 1 });
      setTimeout(() => env.sandbox.asaas.setFaults({ ...latency, rateLimitPerSecond: RATE_LIMITS.asaas }), OUTAGE_MS).unref();
    }, 1_000);
    const first = await refundAll(codespar, rows, opts);
    clearTimeout(outage);
    const ledgerAfterFirst = ledgerSize(env);
    say(providerTable(first.outcomes, first.seconds));

    const failures = first.outcomes.filter((o) => !o.result?.success).map(deadLetter);
    const deadLetterFile = join(mkdtempSync(join(tmpdir(), "codespar-demo-")), "dead-letter.jsonl");
    writeFileAtomic(deadLetterFile, failures.map((f) => JSON.stringify(f)).join("\n") + "\n");
    say(`\nFailures (${failures.length}), each explained, written to ${deadLetterFile}:`);
    say(renderTable(["row", "payment", "server", "error_code", "error"], failures.map((f) => [f.line, f.payment_id, f.server ?? "-", f.error_code, f.error.slice(0, 64)])));

    const bill = await usage(env);
    say(`\nThe bill (USD 0.10 per settled refund, plus 0.5% of the amount when it crosses currencies):`);
    say(renderUsage(bill));

    say(`\nRe-running the same ${rows.length} rows...`);
    const second = await refundAll(codespar, rows, opts);
    const newRefunds = ledgerSize(env) - ledgerAfterFirst;
    const billAgain = await usage(env);
    const reported = second.outcomes.filter((o) => alreadyDone(o.result)).length;
    say(`Re-run: ${reported} rows reported as already done, ${newRefunds} new refunds at the providers, bill unchanged: ${billAgain.totals.fees.total === bill.totals.fees.total}`);

    const unexpected = designed.filter((d) => !first.outcomes.some((o) => o.row.payment_id === d.job.payment_id && o.row.amount === d.job.amount && o.result?.error_code === d.expect));
    const ok = newRefunds === 0 && failures.length === designed.length && unexpected.length === 0 && billAgain.totals.fees.total === bill.totals.fees.total;
    if (opts.json) {
      console.log(JSON.stringify({ ok, seconds: first.seconds, rows: rows.length, failed: failures.length, new_refunds_on_rerun: newRefunds, already_done_on_rerun: reported, fees_usd_minor: bill.totals.fees.total, dead_letter_file: deadLetterFile, failures }));
    } else {
      say(ok ? "\nEvery refund made once, every failure explained, nothing refunded twice, billed once." : `\nDEMO CHECK FAILED: ${unexpected.length} designed failures not reported as expected, ${newRefunds} new refunds on the re-run`);
    }
    return ok;
  } finally {
    await env.close();
  }
}

async function refundAll(codespar: CodeSpar, rows: RefundRow[], opts: DemoOptions): Promise<{ outcomes: RowOutcome[]; seconds: number }> {
  const progress = new Progress(rows.length, opts.json);
  const started = Date.now();
  try {
    const { outcomes } = await runAsBatch(codespar, rows, { concurrency: opts.concurrency, metadata: { source: "codespar demo" }, progress });
    return { outcomes, seconds: (Date.now() - started) / 1000 };
  } finally {
    progress.finish();
  }
}

function providerTable(outcomes: RowOutcome[], seconds: number): string {
  const summary = summarise(outcomes);
  const table = renderTable(
    ["provider", "rows", "refunded", "already done", "failed", "amount"],
    summary.map((s) => [s.server, s.rows, s.refunded, s.alreadyDone, s.failed, Object.entries(s.amounts).map(([c, a]) => `${(a / 100).toFixed(2)} ${c}`).join(", ") || "-"]),
  );
  const ok = outcomes.filter((o) => o.result?.success).length;
  return `${table}\n${ok}/${outcomes.length} done in ${seconds.toFixed(1)} s (${(outcomes.length / seconds).toFixed(0)} rows/s)`;
}

/**
 * Two payments refunded in full straight at their provider (as from its dashboard), before
 * the batch: refunding them again must fail as already refunded, not be refunded twice.
 */
async function refundOutsideCodespar(env: DevEnvironment): Promise<SeededPayment[]> {
  const out: SeededPayment[] = [];
  for (const p of ["stripe", "asaas"] as const) {
    const payment = await env.sandbox[p].createPayment(3000);
    const provider = createProvider(p, { baseUrl: env.sandbox[p].url, apiKey: env.sandbox[p].key, mode: "test" });
    await provider.refund({ paymentId: payment.payment_id, idempotencyKey: `dashboard-${payment.payment_id}` });
    out.push(payment);
  }
  return out;
}

function ledgerSize(env: DevEnvironment): number {
  return PROVIDERS.reduce((n, p) => n + env.sandbox[p].refunds().length, 0);
}

async function usage(env: DevEnvironment): Promise<UsageReport> {
  const res = await fetch(`${env.baseUrl}/v1/usage`, { headers: { authorization: `Bearer ${env.apiKey}` } });
  return (await res.json()) as UsageReport;
}
