import { createHash } from "node:crypto";

/**
 * The key of a refund the caller didn't key: the same project, payment and amount give the
 * same key, so re-running yesterday's job finds yesterday's refund instead of making another.
 * A caller who really means a second identical partial refund passes its own idempotency_key.
 */
export function deriveRefundKey(projectId: string, paymentId: string, amount: number | undefined): string {
  const digest = createHash("sha256").update(`refund\n${projectId}\n${paymentId}\n${amount ?? "full"}`).digest("hex");
  return `csr_${digest.slice(0, 40)}`;
}

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_\-:.]{1,200}$/;
