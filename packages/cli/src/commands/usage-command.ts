import type { Command } from "commander";
import { minorToDecimalString } from "@codespar/protocol";
import type { UsageReport } from "@codespar/server";
import { renderTable } from "../output/table.js";
import { apiRequest, apiTargetFrom } from "./api-client.js";

interface UsageOpts {
  from?: string;
  to?: string;
  json?: boolean;
  baseUrl?: string;
  apiKey?: string;
}

export function registerUsage(program: Command): void {
  program
    .command("usage")
    .description("Billable usage of the key's project per provider: settled refunds, amounts and fees (GET /v1/usage)")
    .option("--from <date>", "start, ISO date or date-time (default: start of the current UTC month)")
    .option("--to <date>", "end, ISO date (inclusive day) or date-time (exclusive) (default: end of the current UTC month)")
    .option("--base-url <url>", "server URL (env CODESPAR_BASE_URL)")
    .option("--api-key <key>", "API key (env CODESPAR_API_KEY)")
    .option("--json", "print the report as JSON")
    .action(async (opts: UsageOpts) => {
      const query = new URLSearchParams();
      if (opts.from) query.set("from", opts.from);
      if (opts.to) query.set("to", opts.to);
      const path = `/v1/usage${query.size > 0 ? `?${query.toString()}` : ""}`;
      const report = await apiRequest<UsageReport>(apiTargetFrom(opts), "GET", path);
      console.log(opts.json ? JSON.stringify(report, null, 2) : renderUsage(report));
    });
}

export function renderUsage(report: UsageReport): string {
  const head = `Usage ${report.from} to ${report.to} (end exclusive), home currency ${report.home_currency}; fees in USD`;
  if (report.providers.length === 0) return `${head}\nNo settled refunds in this period.`;
  const rows = report.providers.map((p) => [
    p.server,
    p.count,
    p.amounts.map((a) => `${a.currency} ${money(a.amount, a.currency)}`).join(", "),
    money(p.fees.base, "USD"),
    money(p.fees.fx, "USD"),
    money(p.fees.total, "USD"),
  ]);
  const t = report.totals;
  rows.push(["total", t.count, "", money(t.fees.base, "USD"), money(t.fees.fx, "USD"), money(t.fees.total, "USD")]);
  return `${head}\n${renderTable(["provider", "refunds", "refunded", "base fee", "FX fee", "total fee"], rows)}`;
}

// A currency the protocol has no exponent for is shown in minor units rather than guessed.
function money(minor: number, currency: string): string {
  try {
    return minorToDecimalString(minor, currency);
  } catch {
    return `${minor} (minor units)`;
  }
}
