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
 * The demo's batch: every seeded payment refunded (a quarter of them partially), plus failures
 * designed to show how each kind is explained: a payment no provider knows, an over-refund,
 * and a second refund of a payment the batch already refunds in full.
 */
export function demoJobs(payments: SeededPayment[]): { jobs: RefundJob[]; designed: DesignedFailure[] } {
  // Seeds go round-robin over three providers; every 4th is partial, so each provider gets both.
  const isPartial = (i: number) => i % 4 === 0;
  const jobs: RefundJob[] = payments.map((p, i) => ({
    payment_id: p.payment_id,
    amount: isPartial(i) ? Math.floor(p.amount / 2) : p.amount,
    reason: isPartial(i) ? "partial: damaged item" : "chargeback reconciliation",
  }));
  const designed: DesignedFailure[] = [];
  const fullRefunded = payments.filter((_, i) => !isPartial(i));
  const stripeFull = fullRefunded.find((p) => p.server === "stripe");
  const asaasFull = fullRefunded.find((p) => p.server === "asaas");
  designed.push({ job: { payment_id: "pi_3DoesNotExist000000", amount: 1000, reason: "unknown payment" }, expect: "payment_not_found" });
  if (asaasFull) designed.push({ job: { payment_id: asaasFull.payment_id, amount: 50, reason: "second refund of a refunded payment" }, expect: "already_refunded" });
  const partial = payments.find((p, i) => isPartial(i) && p.server === "mercadopago");
  if (partial) designed.push({ job: { payment_id: partial.payment_id, amount: partial.amount * 10, reason: "over-refund" }, expect: "amount_exceeds_refundable" });
  if (stripeFull) designed.push({ job: { payment_id: stripeFull.payment_id, amount: 1, reason: "refund after full refund" }, expect: "already_refunded" });
  return { jobs: [...jobs, ...designed.map((d) => d.job)], designed };
}
