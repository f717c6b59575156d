import type { ProjectRecord, Store } from "../storage/index.js";
import type { UsagePeriod } from "./usage-period.js";

export interface FeeTotals {
  base: number;
  fx: number;
  total: number;
  currency: "USD";
}

export interface ProviderUsage {
  server: string;
  count: number;
  /** Refunded amounts per payment currency, minor units. */
  amounts: { currency: string; amount: number }[];
  fees: FeeTotals;
}

/** GET /v1/usage: billable refunds of one project over a period, per provider. */
export interface UsageReport {
  from: string;
  to: string;
  home_currency: string;
  providers: ProviderUsage[];
  totals: { count: number; fees: FeeTotals };
}

export class UsageService {
  constructor(private readonly store: Store) {}

  async report(project: ProjectRecord, period: UsagePeriod): Promise<UsageReport> {
    const rows = await this.store.usage.summarize(project.id, period.from, period.to);
    const byServer = new Map<string, ProviderUsage>();
    for (const row of rows) {
      const p = byServer.get(row.server) ?? { server: row.server, count: 0, amounts: [], fees: zeroFees() };
      p.count += row.count;
      p.amounts.push({ currency: row.currency, amount: row.amount });
      addFees(p.fees, row.fee_base, row.fee_fx, row.fee_total);
      byServer.set(row.server, p);
    }
    const providers = [...byServer.values()];
    const totals = { count: 0, fees: zeroFees() };
    for (const p of providers) {
      totals.count += p.count;
      addFees(totals.fees, p.fees.base, p.fees.fx, p.fees.total);
    }
    return { from: period.from, to: period.to, home_currency: project.home_currency, providers, totals };
  }
}

function zeroFees(): FeeTotals {
  return { base: 0, fx: 0, total: 0, currency: "USD" };
}

function addFees(into: FeeTotals, base: number, fx: number, total: number): void {
  into.base += base;
  into.fx += fx;
  into.total += total;
}
