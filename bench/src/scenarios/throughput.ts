import { CodeSpar, type ToolResult } from "@codespar/sdk";
import { PROVIDERS, type Provider, type SandboxProcess, type SeededPayment } from "../env/sandbox-process.js";
import { refundCeilingPerSecond } from "@codespar/providers";
import { startServerStack, type ServerStack } from "../env/server-stack.js";
import { round, type ScenarioResult } from "../result.js";

export interface ThroughputOptions {
  items: number;
  /** The sequential cookbook loop is latency-bound; it runs on this many items only. */
  sequentialItems: number;
  latencyMs: number;
  jitterMs: number;
  /** Requests per second each provider allows (the sandbox answers 429 beyond it); 0 lifts the limit. */
  ratePerProvider: number;
  /** Row name in the results; default "throughput". */
  scenarioName?: string;
  concurrency: number;
}

type Refunder = (codespar: CodeSpar, stack: ServerStack, payments: SeededPayment[]) => Promise<{ failed: number }>;

/** A variant: how it refunds, and optionally the stack it needs (default: one embedded server). */
export interface Variant {
  name: string;
  run: Refunder;
  items: number;
  stack?: (sandbox: SandboxProcess, rate: number) => Promise<ServerStack>;
}

const params = (p: SeededPayment) => ({ action: "refund", payment_id: p.payment_id, amount: p.amount, reason: "bench" });
const failures = (results: ToolResult[]) => results.filter((r) => !r.success).length;

/** The cookbook as written: one session, session.loop, sequential. */
const cookbookSequential: Refunder = async (codespar, _stack, payments) => {
  const session = await codespar.create("refund-worker", { servers: PROVIDERS });
  try {
    const result = await session.loop({ steps: payments.map((p) => ({ tool: "codespar_pay", params: params(p) })), abortOnError: false });
    return { failed: failures(result.results) };
  } finally {
    await session.close();
  }
};

/** The cookbook's advice for 1000+: chunks of 50, a session per chunk, chunks under Promise.all. */
const cookbookChunks: Refunder = async (codespar, _stack, payments) => {
  const chunks: SeededPayment[][] = [];
  for (let i = 0; i < payments.length; i += 50) chunks.push(payments.slice(i, i + 50));
  const counts = await Promise.all(chunks.map((chunk) => cookbookSequential(codespar, _stack, chunk)));
  return { failed: counts.reduce((n, c) => n + c.failed, 0) };
};

const loopConcurrent = (concurrency: number): Refunder => async (codespar, _stack, payments) => {
  const session = await codespar.create("refund-worker", { servers: PROVIDERS });
  try {
    const result = await session.loop({ steps: payments.map((p) => ({ tool: "codespar_pay", params: params(p) })), abortOnError: false, concurrency });
    return { failed: failures(result.results) };
  } finally {
    await session.close();
  }
};

export const durableBatch = (concurrency: number): Refunder => async (codespar, _stack, payments) => {
  const batch = await codespar.batches.create({ tool: "codespar_pay", items: payments.map(params), concurrency });
  const done = await codespar.batches.wait(batch.id, { pollMs: 100 });
  return { failed: done.failed };
};

/** The physical ceiling for this item mix with every provider at the same limit. */
export function ceilingPerSecond(payments: SeededPayment[], ratePerProvider: number): number {
  const per: Partial<Record<Provider, number>> = {};
  for (const p of payments) per[p.server] = (per[p.server] ?? 0) + 1;
  return refundCeilingPerSecond(per, { stripe: ratePerProvider, asaas: ratePerProvider, mercadopago: ratePerProvider });
}

export function throughputVariants(o: ThroughputOptions): Variant[] {
  return [
    { name: "cookbook-sequential", run: cookbookSequential, items: o.sequentialItems },
    { name: "cookbook-chunks-50", run: cookbookChunks, items: o.items },
    { name: "loop-concurrent", run: loopConcurrent(o.concurrency), items: o.items },
    { name: "batch-embedded", run: durableBatch(o.concurrency), items: o.items },
  ];
}

export async function throughput(sandbox: SandboxProcess, o: ThroughputOptions, variants: Variant[]): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const { name: variant, run, items, stack: startStack } of variants) {
    await sandbox.configure({ latencyMs: o.latencyMs, jitterMs: o.jitterMs, ...(o.ratePerProvider ? { rateLimitPerSecond: o.ratePerProvider } : {}) });
    const payments = await sandbox.seed(items);
    const stack = startStack ? await startStack(sandbox, o.ratePerProvider) : await startServerStack(sandbox, o.ratePerProvider);
    try {
      const codespar = new CodeSpar({ apiKey: stack.apiKey, baseUrl: stack.url, timeout: 600_000 });
      const before = await sandbox.counters();
      const started = performance.now();
      const { failed } = await run(codespar, stack, payments);
      const seconds = (performance.now() - started) / 1000;
      const after = await sandbox.counters();
      const limit = o.ratePerProvider ? ceilingPerSecond(payments, o.ratePerProvider) : null;
      const rate = items / seconds;
      results.push({
        name: o.scenarioName ?? "throughput",
        variant,
        items,
        seconds: round(seconds),
        rate_per_s: round(rate),
        limit_per_s: limit === null ? null : round(limit),
        ratio_to_limit: limit === null ? null : round(rate / limit, 3),
        failed,
        rate_limited: after.rateLimited - before.rateLimited,
        duplicates: await sandbox.duplicates(),
        peak_rss_mb: stack.peakRssMb() ?? null,
      });
      console.error(`  ${o.scenarioName ?? "throughput"}/${variant}: ${items} refunds in ${seconds.toFixed(1)} s`);
    } finally {
      await stack.stop();
    }
  }
  return results;
}

export type { Refunder };
