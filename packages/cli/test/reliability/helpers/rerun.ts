import { checkRound, type RoundState, type Tally } from "./invariants.js";
import { ledgerId } from "./items.js";

export interface RerunResult {
  /** Refunds the re-run created at the providers. Must be 0. */
  newRefunds: number;
  /** How the re-run answered each refund the provider had declined, by provider. */
  declined: Record<string, number>;
  tally: Tally | undefined;
  violations: string[];
}

function declinedOutcomes(before: RoundState, after: RoundState, fresh: readonly { payment_id: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  const declined = new Set(before.rows.filter((r) => r.state === "failed" && r.error_code === "refund_failed").map((r) => r.payment_id));
  const renewed = new Set(fresh.map((r) => r.payment_id));
  for (const item of after.batchItems) {
    const p = after.plan[item.index];
    if (!p || !declined.has(p.paymentId)) continue;
    const data = (item.result?.data ?? {}) as { status?: string; replayed?: boolean };
    const how = renewed.has(p.paymentId) ? "new refund" : `answered ${item.status}/${data.status ?? "-"}${data.replayed ? " (replayed)" : ""}`;
    const key = `${p.server}: ${how}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/**
 * Re-runs the same batch once everything has settled: it must create no refund at all (every
 * refund is answered from the ledger, a declined one included: its money never moved and its
 * key is spent), and the round's invariants must hold exactly as before.
 */
export async function checkRerun(before: RoundState, rerun: () => Promise<RoundState>): Promise<RerunResult> {
  const known = new Set(before.ledger.map(ledgerId));
  const planByPayment = new Map(before.plan.map((p) => [p.paymentId, p]));
  const after = await rerun();
  const fresh = after.ledger.filter((r) => !known.has(ledgerId(r)));
  const violations = fresh.map((r) => {
    const plan = planByPayment.get(r.payment_id);
    const had = before.ledger.filter((x) => x.payment_id === r.payment_id).map((x) => `${x.refund_id}=${x.amount} ${x.status}`);
    return `RE-RUN MADE A NEW REFUND: ${r.provider} payment ${r.payment_id} (${plan?.kind === "refund" ? `${plan.shape} refund of ${plan.amount}` : plan ? `designed ${plan.expect}` : "not in the batch"}) got ${r.refund_id}=${r.amount} ${r.status}; before: ${had.join(", ") || "none"}`;
  });
  const verdict = checkRound(after);
  violations.push(...verdict.violations.map((v) => `re-run: ${v}`));
  if (after.usage.totals.fees.total !== before.usage.totals.fees.total) violations.push(`re-run: BILLING changed from ${before.usage.totals.fees.total} to ${after.usage.totals.fees.total} USD cents`);
  return { newRefunds: fresh.length, declined: declinedOutcomes(before, after, fresh), tally: verdict.tally, violations };
}
