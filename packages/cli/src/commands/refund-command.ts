import type { Command } from "commander";
import { CodeSpar } from "@codespar/sdk";
import { Progress } from "../output/progress.js";
import { renderTable } from "../output/table.js";
import { writeFileAtomic } from "../output/atomic-write.js";
import { readRefundFile } from "../refund/refund-file.js";
import { checkDeadLetterTarget } from "../refund/dead-letter-target.js";
import { alreadyDone, deadLetter, summarise } from "../refund/refund-outcome.js";
import { runAsBatch } from "../refund/run-as-batch.js";
import { runLocally } from "../refund/run-locally.js";
import { countParser } from "./options.js";

interface RefundOptions {
  file: string;
  skipInvalid?: boolean;
  local?: boolean;
  concurrency?: number;
  deadLetter?: string;
  json?: boolean;
  baseUrl?: string;
  apiKey?: string;
}

/** Exit codes: 0 all refunded (or already done), 1 some items failed, 2 the file or the dead-letter path was refused (nothing sent). */
export function registerRefund(program: Command): void {
  program
    .command("refund")
    .description("Bulk-refund the payments in a CSV (payment_id,amount,reason) or JSONL file as one durable batch")
    .requiredOption("--file <path>", "CSV with header payment_id,amount,reason, or JSON lines")
    .option("--skip-invalid", "send the valid rows even if some are invalid")
    .option("--local", "run from this process with session.loop instead of a server-side batch")
    .option("--concurrency <n>", "refunds in flight at once", countParser(256, 1))
    .option("--dead-letter <path>", "write failed rows here as JSON lines")
    .option("--json", "print a JSON summary")
    .option("--base-url <url>", "server URL (env CODESPAR_BASE_URL)")
    .option("--api-key <key>", "API key (env CODESPAR_API_KEY)")
    .action(async (opts: RefundOptions) => {
      process.exitCode = await refund(opts);
    });
}

async function refund(opts: RefundOptions): Promise<number> {
  let parsed;
  try {
    parsed = readRefundFile(opts.file);
  } catch (err) {
    console.error(`Cannot use ${opts.file}: ${err instanceof Error ? err.message.replace(/^[A-Z]+: /, "") : String(err)}`);
    return 2;
  }
  if (opts.deadLetter) {
    try {
      checkDeadLetterTarget(opts.deadLetter);
    } catch (err) {
      console.error(`Cannot write dead letters to ${opts.deadLetter}: ${err instanceof Error ? err.message.replace(/^[A-Z]+: /, "") : String(err)}. Nothing was sent.`);
      return 2;
    }
  }
  const say = (s: string) => (opts.json ? undefined : console.log(s));
  if (parsed.invalid.length > 0) {
    const lines = parsed.invalid.slice(0, 50).map((r) => `  line ${r.line}: ${r.problems.join("; ")}`);
    console.error(`${parsed.invalid.length} invalid rows in ${opts.file}:\n${lines.join("\n")}${parsed.invalid.length > 50 ? `\n  … ${parsed.invalid.length - 50} more` : ""}`);
    if (!opts.skipInvalid) {
      console.error("Nothing was sent. Fix the rows or pass --skip-invalid to send the valid ones.");
      if (opts.json) console.log(JSON.stringify({ ok: false, sent: 0, invalid: parsed.invalid }));
      return 2;
    }
  }
  if (parsed.rows.length === 0) {
    console.error("No valid rows to refund.");
    return 2;
  }
  const codespar = new CodeSpar({ ...(opts.apiKey ? { apiKey: opts.apiKey } : {}), ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}) });
  const preflight = await codespar.create("codespar-cli", { servers: ["stripe", "asaas", "mercadopago"] });
  const capabilities = await preflight.execute("codespar_discover", { domain: "payments", capability: "refund" });
  await preflight.close();
  if (capabilities.servers.length === 0) {
    console.error("No provider is connected and healthy for refunds; nothing was sent.");
    return 2;
  }
  say(`${parsed.rows.length} rows (${parsed.format}), providers ready: ${capabilities.servers.map((s) => s.id).join(", ")}`);
  const progress = new Progress(parsed.rows.length, Boolean(opts.json));
  const metadata = { source: "codespar refund", file: opts.file.split(/[\\/]/).pop() ?? "" };
  const started = Date.now();
  let batchId: string | null = null;
  let outcomes;
  try {
    if (opts.local) outcomes = await runLocally(codespar, parsed.rows, { concurrency: opts.concurrency ?? 8, metadata, progress });
    else ({ batchId, outcomes } = await runAsBatch(codespar, parsed.rows, { metadata, progress, ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}) }));
  } finally {
    progress.finish();
  }
  const seconds = (Date.now() - started) / 1000;
  const summary = summarise(outcomes);
  const failures = outcomes.filter((o) => !o.result?.success).map(deadLetter);
  if (opts.deadLetter) writeFileAtomic(opts.deadLetter, failures.map((f) => JSON.stringify(f)).join("\n") + (failures.length ? "\n" : ""));
  const done = outcomes.filter((o) => alreadyDone(o.result)).length;
  if (opts.json) {
    console.log(JSON.stringify({ ok: failures.length === 0, batch_id: batchId, rows: parsed.rows.length, invalid: parsed.invalid.length, succeeded: outcomes.length - failures.length, already_done: done, failed: failures.length, seconds, providers: summary, failures }));
  } else {
    say(renderTable(["provider", "rows", "refunded", "already done", "failed", "amount"], summary.map((s) => [s.server, s.rows, s.refunded, s.alreadyDone, s.failed, Object.entries(s.amounts).map(([c, a]) => `${(a / 100).toFixed(2)} ${c}`).join(", ") || "-"])));
    say(`${outcomes.length - failures.length}/${outcomes.length} done (${done} already done before this run) in ${seconds.toFixed(1)} s${batchId ? `, batch ${batchId}` : ""}`);
    if (failures.length > 0) {
      say(`\nFailures (${failures.length})${opts.deadLetter ? `, written to ${opts.deadLetter}` : ""}:`);
      say(renderTable(["line", "payment", "error_code", "error"], failures.slice(0, 20).map((f) => [f.line, f.payment_id, f.error_code, f.error.slice(0, 70)])));
    }
  }
  return failures.length > 0 ? 1 : 0;
}
