import { setTimeout as sleep } from "node:timers/promises";
import { startSandbox, type Sandbox } from "@codespar/sandbox";
import type { BatchInfo, BatchItem } from "@codespar/sdk";
import type { UsageReport } from "@codespar/server";
import { startWireProxy, type WireCounts, type WireProxy } from "../../helpers/wire-proxy.js";
import { REFUND_BEHAVIOUR, startFaultSchedule } from "./fault-schedule.js";
import { checkRound, type RoundState, type Tally } from "./invariants.js";
import { ledgerId, planItems, PROVIDERS, type ItemPlan, type Provider } from "./items.js";
import { LedgerDb } from "./ledger-db.js";
import { intIn, seededRng, type Rng } from "./prng.js";
import { checkRerun, type RerunResult } from "./rerun.js";
import { startStack, type Stack } from "./stack.js";
import { waitBatch, waitSettled } from "./waits.js";
import { webhookStats, type WebhookStats } from "./webhook-stats.js";
import { auditIntact, spotCheckPaymentStatus } from "./server-checks.js";

export interface RoundConfig {
  index: number;
  seed: number;
  refundable: number;
  /** Per provider and per designed failure kind. */
  designedEach: number;
  /** SIGKILLs while the batch runs (at seeded points), then maybe one more while refunds settle. */
  batchKills: number;
  killWhileSettling: boolean;
}

export interface RoundReport {
  config: RoundConfig;
  items: number;
  killedAt: string[];
  wire: WireCounts;
  phases: Record<string, number>;
  webhooks: WebhookStats;
  /** Provider attempts beyond the first, over all refunds (refund_attempts.attempts). */
  retries: number;
  /** Items that ended failed with a transient error and went round the dead-letter retry. */
  deadLetterRetried: number;
  tally: Tally;
  rerun: RerunResult;
  violations: string[];
  seconds: number;
  /** Where the time went: batch (with kills), dead letters + settlement, re-run. */
  phaseSeconds: { batch: number; settle: number; rerun: number };
}

const CONCURRENCY = 24;
// Generous: a shared CI box can run a batch several times slower than an idle one; only "stuck" should trip it.
const BATCH_TIMEOUT_MS = 200_000;
/**
 * A SIGKILL during settlement strands the checks the dead server's poller had claimed until their
 * claim lapses (60 s, settlement-poller.ts leaseMs) unless a webhook settles them first.
 */
const SETTLE_TIMEOUT_MS = 90_000;

/**
 * One round: fresh data dir, sandbox and server; one durable batch under the fault schedule
 * with SIGKILLs at seeded points; dead-letter retries of transient failures; settlement; the
 * invariants; then a re-run of the same batch, which must refund nothing again.
 */
export async function runRound(cfg: RoundConfig): Promise<RoundReport> {
  const started = Date.now();
  const r = seededRng(cfg.seed);
  const sandbox = await startSandbox();
  const proxies = {} as Record<Provider, WireProxy>;
  let stack: Stack | undefined;
  let db: LedgerDb | undefined;
  // A round that breaks a promise keeps its data dir: the database and every server's output.
  let keep = true;
  try {
    // Payments and the refunds "made elsewhere" exist before any fault or pending behaviour is on.
    const { items, preexisting } = await planItems(sandbox, r, cfg.refundable, cfg.designedEach, `r${cfg.index}`);
    PROVIDERS.forEach((p, i) => sandbox[p].setRefundBehaviour(REFUND_BEHAVIOUR(cfg.seed * 10 + i)));
    for (const p of PROVIDERS) proxies[p] = await startWireProxy(sandbox[p].url);
    const s = (stack = await startStack(sandbox, proxies, cfg.seed));
    const d = (db = new LedgerDb(s.dataDir));

    const t0 = Date.now();
    const schedule = startFaultSchedule(sandbox, cfg.seed);
    const batch = await s.codespar.batches.create({ tool: "codespar_pay", items: items.map((i) => i.input), concurrency: CONCURRENCY, metadata: { round: cfg.index, seed: cfg.seed } });
    const killedAt: string[] = [];
    for (const k of killPoints(r, items.length, cfg.batchKills)) {
      // Polled fast so the kill lands close to its seeded point, mid-flight.
      const at = await waitBatch(s, batch.id, (b) => b.done >= k || b.status !== "running", BATCH_TIMEOUT_MS, `${k} items done`, 25);
      await s.kill();
      killedAt.push(`${at.done}/${at.total} done, ${inFlight(d)} refunds in flight`);
      await sleep(intIn(r, 0, 500));
      await s.restart();
    }
    await waitBatch(s, batch.id, (b) => b.status !== "running", BATCH_TIMEOUT_MS, "batch completed");
    schedule.stop();
    const t1 = Date.now();
    if (cfg.killWhileSettling) {
      await s.kill();
      killedAt.push(`settling, ${d.refundRows().filter((x) => x.state === "pending" || x.state === "unknown").length} refunds pending`);
      await s.restart();
    }
    const deadLetterRetried = await retryDeadLetters(s, batch.id);
    await waitSettled(s, d, sandbox, SETTLE_TIMEOUT_MS);

    const t2 = Date.now();
    const state = await observe(s, d, sandbox, batch.id, items, preexisting);
    const verdict = checkRound(state);
    const violations = [...verdict.violations, ...(await spotCheckPaymentStatus(s, state)), ...(await auditIntact(s))];
    const retries = d.refundRows().reduce((n, row) => n + Math.max(0, row.attempts - 1), 0);
    const webhooks = webhookStats(sandbox);
    const wire = sumWire(proxies);

    const rerun = await checkRerun(state, async () => {
      const again = await s.codespar.batches.create({ tool: "codespar_pay", items: items.map((i) => i.input), concurrency: CONCURRENCY, metadata: { round: cfg.index, rerun: true } });
      await waitBatch(s, again.id, (b) => b.status !== "running", BATCH_TIMEOUT_MS, "re-run completed");
      await retryDeadLetters(s, again.id);
      await waitSettled(s, d, sandbox, SETTLE_TIMEOUT_MS);
      return observe(s, d, sandbox, again.id, items, preexisting);
    });
    violations.push(...rerun.violations);
    const phaseSeconds = { batch: (t1 - t0) / 1000, settle: (t2 - t1) / 1000, rerun: (Date.now() - t2) / 1000 };
    keep = violations.length > 0;
    if (keep) violations.push(`post-mortem: data dir and server output kept in ${s.dataDir}`);
    return { config: cfg, items: items.length, killedAt, wire, phases: schedule.phases, webhooks, retries, deadLetterRetried, tally: verdict.tally, rerun, violations, seconds: (Date.now() - started) / 1000, phaseSeconds };
  } finally {
    db?.close();
    await stack?.close(keep);
    await Promise.all(Object.values(proxies).map((p) => p.close()));
    await sandbox.close();
  }
}

function inFlight(db: LedgerDb): number {
  return db.refundRows().filter((x) => x.state === "in_flight").length;
}

/** Seeded kill points (items done), spread over the batch so some land early and some late. */
function killPoints(r: Rng, total: number, kills: number): number[] {
  const out: number[] = [];
  let from = Math.floor(total * 0.08);
  for (let i = 0; i < kills; i++) {
    const to = Math.floor(total * (0.35 + (0.5 * (i + 1)) / kills));
    from = intIn(r, from, Math.max(from, to));
    out.push(from);
    from += Math.floor(total * 0.1);
  }
  return out;
}

/** The retryable codes of the error catalogue: a failure that outlasted the retry budget, not a decision. */
const TRANSIENT = new Set(["provider_rate_limited", "provider_unavailable", "provider_timeout", "outcome_unknown", "internal_error"]);

/**
 * Items that failed with a transient code (a 429 burst or hangs outlasting the retry budget): the
 * documented answer is to re-run the dead-letter set, under the same idempotency keys. Up to
 * three passes; anything else is left for the invariants to name.
 */
async function retryDeadLetters(stack: Stack, batchId: string): Promise<number> {
  let retried = 0;
  for (let pass = 0; pass < 3; pass++) {
    let transient = 0;
    for await (const item of stack.codespar.batches.allItems(batchId, { status: "failed" })) if (TRANSIENT.has(item.error_code ?? "")) transient++;
    if (transient === 0) break;
    retried += transient;
    await stack.codespar.batches.retryFailed(batchId);
    await waitBatch(stack, batchId, (b) => b.status !== "running", BATCH_TIMEOUT_MS, "dead-letter retry completed");
  }
  return retried;
}

async function observe(stack: Stack, db: LedgerDb, sandbox: Sandbox, batchId: string, plan: ItemPlan[], preexisting: Set<string>): Promise<RoundState> {
  const batch: BatchInfo = await stack.codespar.batches.get(batchId);
  const batchItems: BatchItem[] = [];
  for await (const i of stack.codespar.batches.allItems(batchId)) batchItems.push(i);
  const ledger = PROVIDERS.flatMap((p) => sandbox[p].refunds()).filter((x) => !preexisting.has(ledgerId(x)));
  const res = await fetch(`${stack.url}/v1/usage?from=2000-01-01&to=2999-12-31`, { headers: { authorization: `Bearer ${stack.apiKey}` } });
  const usage = (await res.json()) as UsageReport;
  return { plan, batch, batchItems, ledger, rows: db.refundRows(), usage, usageRows: db.usageRows() };
}

function sumWire(proxies: Record<Provider, WireProxy>): WireCounts {
  const out: WireCounts = { requests: 0, errors500: 0, rateLimited: 0, abandoned: 0 };
  for (const p of Object.values(proxies)) for (const k of Object.keys(out) as (keyof WireCounts)[]) out[k] += p.counts[k];
  return out;
}

