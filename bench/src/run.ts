import { fileURLToPath } from "node:url";
import { SandboxProcess } from "./env/sandbox-process.js";
import { printTable, writeResults } from "./report.js";
import type { ScenarioResult } from "./result.js";
import { memory } from "./scenarios/memory.js";
import { overhead } from "./scenarios/overhead.js";
import { throughput } from "./scenarios/throughput.js";

/**
 * `npm run bench` (full) or `npm run bench -- --quick` (under 3 minutes): every scenario side
 * by side in one process tree on this machine, a table on stdout, bench/results/latest.json.
 */
const quick = process.argv.includes("--quick");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");
const want = (name: string) => !only || only.includes(name);

const sizes = quick
  ? { items: 300, sequentialItems: 45, rate: 30, overheadItems: 300, memoryItems: 10_000 }
  : { items: 1_500, sequentialItems: 150, rate: 50, overheadItems: 1_500, memoryItems: 100_000 };

async function main(): Promise<void> {
  const sandbox = await SandboxProcess.start();
  const results: ScenarioResult[] = [];
  try {
    if (want("throughput")) {
      console.error(`throughput: ${sizes.items} refunds, 30±20 ms latency, ${sizes.rate} requests/s per provider`);
      results.push(...(await throughput(sandbox, { items: sizes.items, sequentialItems: sizes.sequentialItems, latencyMs: 20, jitterMs: 20, ratePerProvider: sizes.rate, concurrency: 64 })));
    }
    if (want("overhead")) {
      console.error(`overhead: ${sizes.overheadItems} refunds, no latency, no rate limit`);
      results.push(...(await overhead(sandbox, { items: sizes.overheadItems, concurrency: 16 })));
    }
    if (want("memory")) {
      console.error(`memory: a ${sizes.memoryItems}-item batch through codespar refund --file`);
      results.push(...(await memory(sandbox, { items: sizes.memoryItems })));
    }
  } finally {
    await sandbox.stop();
  }
  printTable(results);
  const out = fileURLToPath(new URL("../results/latest.json", import.meta.url));
  writeResults(out, results, quick);
  console.log(`\nwrote ${out}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
