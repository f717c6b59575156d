import type { SeededPayment } from "@codespar/sandbox";

export interface RefundJob {
  payment_id: string;
  amount: number;
  reason: string;
}

export interface DesignedFailure {
  job: RefundJob;
  expect: string;
}

/**
 * The demo's batch: every seeded payment refunded (a quarter of them partially), plus rows
 * designed to fail, one of each kind a payment engineer meets: a payment no provider knows, an
 * over-refund, and payments someone already refunded outside CodeSpar (`refundedElsewhere`).
 */
export function demoJobs(payments: SeededPayment[], refundedElsewhere: SeededPayment[]): { jobs: RefundJob[]; designed: DesignedFailure[] } {
  // Seeds go round-robin over three providers; every 4th is partial, so each provider gets both.
  const isPartial = (i: number) => i % 4 === 0;
  const jobs: RefundJob[] = payments.map((p, i) => ({
    payment_id: p.payment_id,
    amount: isPartial(i) ? Math.floor(p.amount / 2) : p.amount,
    reason: isPartial(i) ? "partial: damaged item" : "chargeback reconciliation",
  }));
  const designed: DesignedFailure[] = [{ job: { payment_id: "pi_3DoesNotExist000000", amount: 1000, reason: "unknown payment" }, expect: "payment_not_found" }];
  const partial = payments.find((p, i) => isPartial(i) && p.server === "mercadopago");
  if (partial) designed.push({ job: { payment_id: partial.payment_id, amount: partial.amount * 10, reason: "over-refund" }, expect: "amount_exceeds_refundable" });
  for (const p of refundedElsewhere) designed.push({ job: { payment_id: p.payment_id, amount: p.amount, reason: "refunded elsewhere already" }, expect: "already_refunded" });
  return { jobs: [...jobs, ...designed.map((d) => d.job)], designed };
}
