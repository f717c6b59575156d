import { decimalToMinor } from "@codespar/protocol";
import type { RefundOutcome } from "../contract.js";
import { ASAAS_CURRENCY, asaasRefundState, toAsaasRefunds, type AsaasPayment, type AsaasRefund } from "./mapping.js";
import { tagKeyOf } from "./tag.js";

/** Our refund for this key: tagged and not cancelled (a cancelled one did not move money). */
export function taggedRefund(payment: AsaasPayment, key: string): AsaasRefund | undefined {
  return payment.refunds.find((r) => tagKeyOf(r.description) === key && r.status !== "CANCELLED");
}

function fingerprint(r: AsaasRefund): string {
  return JSON.stringify([r.dateCreated ?? null, String(r.value ?? ""), r.description ?? null]);
}

/**
 * Fallback when the provider dropped our description: the single refund present after the call
 * that was not there before (and of the asked amount, when one was asked). Ambiguity -> undefined.
 */
export function newRefundOf(before: AsaasPayment, after: AsaasPayment, amount: number | undefined): AsaasRefund | undefined {
  const remaining = new Map<string, number>();
  for (const r of before.refunds) remaining.set(fingerprint(r), (remaining.get(fingerprint(r)) ?? 0) + 1);
  const fresh = after.refunds.filter((r) => {
    const n = remaining.get(fingerprint(r)) ?? 0;
    if (n > 0) {
      remaining.set(fingerprint(r), n - 1);
      return false;
    }
    return true;
  });
  const candidates = fresh.filter((r) => r.status !== "CANCELLED" && (amount === undefined || decimalToMinor(r.value ?? 0, ASAAS_CURRENCY) === amount));
  return candidates.length === 1 ? candidates[0] : undefined;
}

export function refundOutcome(payment: AsaasPayment, refund: AsaasRefund, replayed: boolean): RefundOutcome {
  const index = payment.refunds.indexOf(refund);
  const view = toAsaasRefunds(payment.id, payment.refunds)[index];
  return {
    refundId: view?.refundId ?? `${payment.id}:refund`,
    paymentId: payment.id,
    amount: decimalToMinor(refund.value ?? 0, ASAAS_CURRENCY),
    currency: ASAAS_CURRENCY,
    state: asaasRefundState(refund.status),
    replayed,
    providerStatus: refund.status ?? "unknown",
    raw: payment.raw,
  };
}
