import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { peakRssMb, startCli } from "@codespar/cli";
import type { SandboxProcess } from "../env/sandbox-process.js";
import { startServerStack } from "../env/server-stack.js";
import { round, type ScenarioResult } from "../result.js";

/**
 * A big batch end to end through the CLI (`codespar refund --file`): peak resident memory of
 * the server and of the CLI, sampled from /proc while it runs (VmHWM is the high-water mark).
 */
export async function memory(sandbox: SandboxProcess, o: { items: number }): Promise<ScenarioResult[]> {
  await sandbox.configure({});
  // Asaas allows 25,000 requests per 12 hours (its emulator reports the quota as Asaas does, and
  // the pacer honours it): a third of 100,000 items would spend it, and the rest would rightly
  // fail as provider_rate_limited until the reset. Memory is what this measures, so the big
  // batch goes to the two providers without such a quota.
  const payments = await sandbox.seed(o.items, 1000, ["stripe", "mercadopago"]);
  const file = join(mkdtempSync(join(tmpdir(), "codespar-bench-mem-")), "refunds.csv");
  writeFileSync(file, ["payment_id,amount,reason", ...payments.map((p) => `${p.payment_id},${p.amount},bench`)].join("\n") + "\n");
  const stack = await startServerStack(sandbox, undefined);
  try {
    const started = performance.now();
    const cli = startCli(["refund", "--file", file, "--json", "--concurrency", "64"], { CODESPAR_BASE_URL: stack.url, CODESPAR_API_KEY: stack.apiKey });
    let cliPeak = 0;
    let serverPeak = 0;
    const sampler = setInterval(() => {
      cliPeak = Math.max(cliPeak, peakRssMb(cli.child.pid) ?? 0);
      serverPeak = Math.max(serverPeak, stack.peakRssMb() ?? 0);
    }, 100);
    const code = await cli.exited;
    clearInterval(sampler);
    serverPeak = Math.max(serverPeak, stack.peakRssMb() ?? 0);
    const seconds = (performance.now() - started) / 1000;
    const summary = JSON.parse(cli.output().split("\n").find((l) => l.startsWith("{")) ?? "{}") as { failed?: number };
    if (code !== 0 && summary.failed === undefined) throw new Error(`codespar refund failed:\n${cli.output().slice(-2000)}`);
    const duplicates = await sandbox.duplicates();
    const row = (variant: string, peak: number): ScenarioResult => ({
      name: "memory",
      variant,
      items: o.items,
      seconds: round(seconds),
      rate_per_s: round(o.items / seconds),
      limit_per_s: null,
      ratio_to_limit: null,
      failed: summary.failed ?? 0,
      rate_limited: 0,
      duplicates: variant === "server" ? duplicates : 0,
      peak_rss_mb: peak,
    });
    return [row("server", serverPeak), row("cli", cliPeak)];
  } finally {
    await stack.stop();
  }
}
