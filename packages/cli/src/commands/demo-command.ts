import type { Command } from "commander";
import { runDemo } from "../demo/run-demo.js";
import { countParser } from "./options.js";

export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("The main job end to end on the embedded default: seed payments in the sandbox, bulk-refund them, show failures and the re-run")
    .option("--payments <n>", "payments to seed across the three providers", countParser(100_000, 3), 300)
    .option("--concurrency <n>", "refunds in flight at once", countParser(256, 1), 32)
    .option("--json", "print the summary as JSON")
    .action(async (opts: { payments: number; concurrency: number; json?: boolean }) => {
      const ok = await runDemo({ payments: opts.payments, concurrency: opts.concurrency, json: Boolean(opts.json) });
      if (!ok) process.exitCode = 1;
    });
}
