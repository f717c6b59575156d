import type { SandboxRefundRecord } from "@codespar/sandbox";
import type { BatchInfo, BatchItem } from "@codespar/sdk";
import { refundFee, type UsageReport } from "@codespar/server";
import type { ItemPlan, RefundablePlan } from "./items.js";
import type { RefundRow, UsageRow } from "./ledger-db.js";
import { FX_RATES, HOME_CURRENCY } from "./stack.js";

/** Each provider's words for a refund that moved no money (Stripe, Mercado Pago, Asaas). */
const DEAD = new Set(["failed", "canceled", "rejected", "CANCELLED"]);
const SUCCEEDED = new Set(["succeeded", "approved", "DONE"]);

export interface RoundState {
  plan: ItemPlan[];
  batch: BatchInfo;
  /** Every item of the batch as the API lists it. */
  batchItems: BatchItem[];
  /** The emulators' refund ledgers, without the refunds made before the batch. */
  ledger: SandboxRefundRecord[];
  rows: RefundRow[];
  usage: UsageReport;
  usageRows: UsageRow[];
}

export interface Tally {
  refunded: number;
  /** Refunds that went pending and that the provider then failed: legitimate, billed nothing. */
  declined: number;
  designed: number;
  /** Payments with more than one live refund. Must be 0. */
  duplicates: number;
}

export interface Verdict {
  violations: string[];
  tally: Tally;
}

const describe = (p: ItemPlan, index: number) => `item #${index} (${p.kind === "refund" ? `${p.shape} refund of ${p.amount}` : `designed ${p.expect}`}, ${p.server} payment ${p.paymentId})`;

/**
 * The round's promises, each violation naming its item and payment: (1) every refundable payment
 * has exactly one live refund of the asked amount, or, when the provider failed the pending
 * refund, none; (2) every designed failure failed with its exact code and moved nothing; (3) one
 * usage row per succeeded refund with the fee computed here; (4) nothing lost or stuck.
 */
export function checkRound(s: RoundState): Verdict {
  const v: string[] = [];
  const tally: Tally = { refunded: 0, declined: 0, designed: 0, duplicates: 0 };
  const byPayment = groupBy(s.ledger, (r) => r.payment_id);
  const rowsByPayment = groupBy(s.rows, (r) => r.payment_id);
  checkBatchComplete(s, v);
  const itemByIndex = new Map(s.batchItems.map((i) => [i.index, i]));
  let expectedFees = 0;
  const billable = new Set<string>();
  s.plan.forEach((p, index) => {
    const what = describe(p, index);
    const item = itemByIndex.get(index);
    const rows = rowsByPayment.get(p.paymentId) ?? [];
    const refunds = byPayment.get(p.paymentId) ?? [];
    const live = refunds.filter((r) => !DEAD.has(r.status));
    if (live.length > 1) {
      tally.duplicates++;
      v.push(`DUPLICATE REFUND: ${what} has ${live.length} live refunds: ${live.map((r) => `${r.refund_id}=${r.amount} ${r.status}`).join(", ")}`);
    }
    if (rows.length !== 1) v.push(`${what}: ${rows.length} refund rows, expected 1 (${rows.map((r) => `${r.idempotency_key}:${r.state}`).join(", ")})`);
    // Rows left open are named once, by checkBatchComplete.
    const row = rows[0];
    if (!item) return void v.push(`LOST: ${what} is missing from the batch's items`);
    if (p.kind === "designed") {
      tally.designed++;
      if (item.status !== "failed" || item.error_code !== p.expect) v.push(`${what}: expected failed with ${p.expect}, got ${item.status} ${item.error_code ?? ""} ${item.error ?? ""}`.trim());
      if (refunds.length > 0) v.push(`${what}: moved money: ${refunds.map((r) => `${r.refund_id}=${r.amount} ${r.status}`).join(", ")}`);
      return;
    }
    if (row?.state !== "failed" && item.status !== "succeeded") v.push(`${what}: item ${item.status} with ${item.error_code ?? "no code"}: ${item.error ?? ""}`);
    if (row?.state === "succeeded") {
      tally.refunded++;
      billable.add(row.idempotency_key);
      expectedFees += feeOf(p, row);
      const mine = live.find((r) => r.refund_id === row.refund_id);
      if (live.length === 0) v.push(`${what}: ledger says succeeded (${row.refund_id}) but the provider has no live refund`);
      else if (!mine || !SUCCEEDED.has(mine.status) || mine.amount !== p.amount) {
        v.push(`${what}: ledger row ${row.refund_id}=${row.refunded_amount} does not match the provider's ${live.map((r) => `${r.refund_id}=${r.amount} ${r.status}`).join(", ")}`);
      }
      if (row.refunded_amount !== p.amount) v.push(`${what}: refunded ${row.refunded_amount}, asked ${p.amount}`);
    } else if (row?.state === "failed" && row.error_code !== "refund_failed") {
      v.push(`${what}: never refunded: its refund failed with ${row.error_code} (item ${item.status} ${item.error_code ?? ""})`);
    } else if (row?.state === "failed") {
      // The provider took the refund as pending, then failed it: a legitimate end that moved and billed nothing.
      tally.declined++;
      // The call saw it pending (a success, settled later), or saw the failure itself / answered from the ledger.
      const data = (item.result?.data ?? {}) as { status?: string };
      const seen = item.status === "succeeded" ? data.status === "pending" : item.error_code === "provider_error";
      if (!seen) v.push(`${what}: declined refund reported as ${item.status} ${item.error_code ?? ""} (status ${data.status ?? "-"}), expected succeeded/pending or failed/provider_error`);
      if (live.length > 0) v.push(`${what}: ledger says failed but the provider shows live ${live.map((r) => `${r.refund_id}=${r.amount} ${r.status}`).join(", ")}`);
      if (refunds.length === 0) v.push(`${what}: ledger says the provider failed the refund, but the provider has no refund at all`);
    }
  });
  checkBilling(s, billable, expectedFees, v);
  return { violations: v, tally };
}

function checkBatchComplete(s: RoundState, v: string[]): void {
  const { batch } = s;
  if (batch.status !== "completed") v.push(`STUCK: batch ${batch.id} is ${batch.status}`);
  if (batch.counts.queued !== 0 || batch.counts.running !== 0) v.push(`STUCK: batch ${batch.id} still has ${batch.counts.queued} queued and ${batch.counts.running} running`);
  if (batch.succeeded + batch.failed !== batch.total || batch.total !== s.plan.length) v.push(`LOST: batch counts ${batch.succeeded} + ${batch.failed} != total ${batch.total} (planned ${s.plan.length})`);
  if (s.batchItems.length !== s.plan.length || new Set(s.batchItems.map((i) => i.index)).size !== s.plan.length) v.push(`LOST: the batch lists ${s.batchItems.length} items, planned ${s.plan.length}`);
  for (const r of s.rows) if (r.state === "in_flight" || r.state === "unknown" || r.state === "pending") v.push(`STUCK: refund row ${r.idempotency_key} (${r.server} payment ${r.payment_id}) left ${r.state}`);
}

function checkBilling(s: RoundState, billable: Set<string>, expectedFees: number, v: string[]): void {
  if (s.usage.totals.count !== billable.size) v.push(`BILLING: GET /v1/usage counts ${s.usage.totals.count} refunds, ${billable.size} succeeded`);
  if (s.usage.totals.fees.total !== expectedFees) v.push(`BILLING: fees total ${s.usage.totals.fees.total} USD cents, computed ${expectedFees}`);
  const seen = new Set<string>();
  for (const u of s.usageRows) {
    if (seen.has(u.idempotency_key)) v.push(`BILLING: refund ${u.idempotency_key} billed twice`);
    seen.add(u.idempotency_key);
    if (!billable.has(u.idempotency_key)) v.push(`BILLING: usage row for ${u.idempotency_key} (${u.server} ${u.amount} ${u.currency}) matches no succeeded refund`);
  }
  for (const key of billable) if (!seen.has(key)) v.push(`BILLING: succeeded refund ${key} was never billed`);
}

/** The fee for this refund by the server's own exported function, from amounts and rates the test knows. */
export function feeOf(p: RefundablePlan, row: RefundRow): number {
  const currency = row.currency ?? p.payment.currency;
  const rate = currency === "USD" ? "1" : (FX_RATES[currency] ?? null);
  return refundFee({ amount: p.amount, currency, homeCurrency: HOME_CURRENCY, fxRate: rate }).feeTotal;
}

export function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const list = out.get(key(x));
    if (list) list.push(x);
    else out.set(key(x), [x]);
  }
  return out;
}
