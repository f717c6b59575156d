/** One measured row of `bench/results/latest.json` (the shape the issue fixes). */
export interface ScenarioResult {
  name: string;
  variant: string;
  items: number;
  seconds: number;
  rate_per_s: number;
  limit_per_s: number | null;
  ratio_to_limit: number | null;
  failed: number;
  rate_limited: number;
  duplicates: number;
  peak_rss_mb: number | null;
  note?: string;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
