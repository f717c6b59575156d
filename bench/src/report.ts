import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname } from "node:path";
import { renderTable } from "@codespar/cli";
import type { ScenarioResult } from "./result.js";

export function printTable(results: ScenarioResult[]): void {
  const rows = results.map((r) => [
    r.name,
    r.variant,
    r.items,
    r.seconds.toFixed(2),
    r.rate_per_s.toFixed(1),
    r.limit_per_s === null ? "-" : r.limit_per_s.toFixed(1),
    r.ratio_to_limit === null ? "-" : `${(r.ratio_to_limit * 100).toFixed(1)}%`,
    r.failed,
    r.rate_limited,
    r.duplicates,
    r.peak_rss_mb ?? "-",
  ]);
  console.log(renderTable(["scenario", "variant", "items", "seconds", "rate/s", "limit/s", "of limit", "failed", "429s", "dups", "peak MB"], rows));
  for (const r of results) if (r.note) console.log(`  ${r.name}/${r.variant}: ${r.note}`);
}

export function writeResults(path: string, results: ScenarioResult[], quick: boolean): void {
  mkdirSync(dirname(path), { recursive: true });
  const machine = { cpus: cpus().length, cpu_model: cpus()[0]?.model ?? "unknown", memory_gb: Math.round(totalmem() / 1024 ** 3), node: process.version, platform: process.platform };
  writeFileSync(path, JSON.stringify({ machine, date: new Date().toISOString(), mode: quick ? "quick" : "full", scenarios: results }, null, 2) + "\n");
}
