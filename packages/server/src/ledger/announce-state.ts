import type { Store } from "../storage/index.js";
import type { LedgerEventMap, LedgerEvents, RefundStateSource } from "./ledger-events.js";

/** A `refund.state` that announces a change (a ledger re-answer changes nothing and marks nothing). */
export type StateChange = LedgerEventMap["refund.state"] & { source: Exclude<RefundStateSource, "ledger"> };

/**
 * Announces a refund row's state, then records it as announced. Marked only once every listener
 * has returned: a crash (or a listener's error) before that leaves the row unannounced, and the
 * next start announces it again (announcement-recovery.ts). Ledger re-answers never mark: audit
 * skips them, so marking one would hide an audit record a crash had lost.
 */
export async function announceStateChange(store: Store, events: LedgerEvents, change: StateChange): Promise<void> {
  await events.emit("refund.state", change);
  const r = change.record;
  await store.refundAttempts.markAnnounced(r.project_id, r.idempotency_key, r.state);
}
