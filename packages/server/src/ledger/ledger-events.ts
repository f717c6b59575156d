import type { RefundAttemptRecord } from "../storage/index.js";

/**
 * What the money-moving core announces, for billing, audit and settlement to follow without the
 * core knowing them. Listeners are awaited in order: an audit record or a usage row is written
 * before the call that caused it answers, so a crash cannot leave the money moved and the
 * record missing.
 */
export interface LedgerEventMap {
  /** About to send a refund attempt to the provider (the idempotency row already exists). */
  "refund.attempt": { record: RefundAttemptRecord; toolCallId: string; attemptKey: string };
  /** A refund row changed state (succeeded, pending, failed, unknown); `record` is the row after. */
  "refund.state": { record: RefundAttemptRecord; previousState: RefundAttemptRecord["state"]; source: RefundStateSource };
  "payment.created": { projectId: string; toolCallId: string; server: string; paymentId: string; amount: number; currency: string; idempotencyKey: string };
  "connection.changed": { projectId: string; connectionId: string; server: string; mode: string; change: "upserted" | "removed"; actor: string };
}

/**
 * Who announces a refund's state: its call, a webhook, the poller, a re-run answered from the
 * ledger (nothing changed), or startup recovery (a change whose announcement a crash cut short).
 */
export type RefundStateSource = "call" | "webhook" | "poller" | "ledger" | "recovery";

type Listener<K extends keyof LedgerEventMap> = (event: LedgerEventMap[K]) => Promise<void> | void;

export class LedgerEvents {
  private readonly listeners = new Map<keyof LedgerEventMap, Listener<never>[]>();

  on<K extends keyof LedgerEventMap>(name: K, listener: Listener<K>): void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener as Listener<never>);
    this.listeners.set(name, list);
  }

  async emit<K extends keyof LedgerEventMap>(name: K, event: LedgerEventMap[K]): Promise<void> {
    for (const listener of this.listeners.get(name) ?? []) await (listener as Listener<K>)(event);
  }
}
