import { fileURLToPath } from "node:url";
import { SandboxProcess } from "./env/sandbox-process.js";
import { printTable, writeResults } from "./report.js";
import type { ScenarioResult } from "./result.js";
import { memory } from "./scenarios/memory.js";
import { overhead } from "./scenarios/overhead.js";
import { durableBatch, throughput, throughputVariants, type Variant } from "./scenarios/throughput.js";
import { distributedUnavailable, startDistributedStack } from "./env/distributed-stack.js";

/**
 * `npm run bench` (full) or `npm run bench -- --quick` (under 3 minutes): every scenario side
 * by side in one process tree on this machine, a table on stdout, bench/results/latest.json.
 */
const quick = process.argv.includes("--quick");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");
const want = (name: string) => !only || only.includes(name);

const sizes = quick
  ? { items: 900, sequentialItems: 45, rate: 30, overheadItems: 300, memoryItems: 5_000, scalingItems: 600 }
  : { items: 1_500, sequentialItems: 150, rate: 50, overheadItems: 1_500, memoryItems: 100_000, scalingItems: 3_000 };

async function main(): Promise<void> {
  const sandbox = await SandboxProcess.start();
  const results: ScenarioResult[] = [];
  try {
    const unavailable = await distributedUnavailable();
    if (unavailable) console.error(`batch-bullmq and scaling are not run: ${unavailable}`);
    if (want("throughput")) {
      // 100-200 ms a request: about what a provider's API takes from a nearby region, so the
      // sequential loop pays a realistic round trip per refund.
      console.error(`throughput: ${sizes.items} refunds, 100-200 ms latency, ${sizes.rate} requests/s per provider`);
      const o = { items: sizes.items, sequentialItems: sizes.sequentialItems, latencyMs: 100, jitterMs: 100, ratePerProvider: sizes.rate, concurrency: 64 };
      const variants: Variant[] = throughputVariants(o);
      if (!unavailable) variants.push({ name: "batch-bullmq", run: durableBatch(64), items: o.items, stack: (sb, rate) => startDistributedStack(sb, rate, 2) });
      results.push(...(await throughput(sandbox, o, variants)));
    }
    if (want("scaling") && !unavailable) {
      console.error(`scaling: ${sizes.scalingItems} refunds, 20 ms latency, no rate limit, 1/2/3 workers`);
      const o = { items: sizes.scalingItems, sequentialItems: 0, latencyMs: 20, jitterMs: 0, ratePerProvider: 0, concurrency: 128, scenarioName: "scaling" };
      const variants: Variant[] = [1, 2, 3].map((n) => ({ name: `workers-${n}`, run: durableBatch(128), items: o.items, stack: (sb) => startDistributedStack(sb, undefined, n) }));
      results.push(...(await throughput(sandbox, o, variants)));
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
