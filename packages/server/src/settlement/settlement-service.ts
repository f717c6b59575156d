import { EventEmitter } from "node:events";
import type { PaymentState } from "@codespar/providers";
import { newId } from "../ids.js";
import { announceStateChange } from "../ledger/announce-state.js";
import { KeyLock } from "../ledger/key-lock.js";
import type { LedgerEventMap, LedgerEvents } from "../ledger/ledger-events.js";
import type { RefundAttemptRecord, RefundAttemptState, SettlementEventRecord, Store } from "../storage/index.js";
import type { RefundObservation } from "./observation.js";
import { DEFAULT_SETTLEMENT_BACKOFF, type SettlementBackoffOptions } from "./backoff.js";
import { decide, isTerminal, rowStateOf, type TransitionDecision } from "./transitions.js";

/** Where an observation came from, and what to record it as. */
export interface ObservationContext {
  projectId: string;
  server: string;
  source: "webhook" | "poller";
  /** Provider event type, or `refund.poll` for the poller. */
  type: string;
  providerEventId: string | null;
  /** The payment's state when known, so payment-status can say "refunded". */
  paymentState?: PaymentState | undefined;
  /** Record the observation even when it changes nothing. Webhooks: yes (each delivery is a fact); the poller: no (it asks again and again). */
  recordUnchanged: boolean;
}

export interface SettleResult {
  matched: number;
  changed: number;
}

/**
 * Settles refund rows from what providers tell us afterwards. Every change moves a row forward
 * only (transitions.ts), is written compare-and-set so racing webhooks, pollers and servers apply
 * it once, is kept as a settlement event, and is announced as `refund.state` for billing and audit.
 */
export class SettlementService {
  private readonly locks = new KeyLock();
  private readonly changes = new EventEmitter();

  constructor(
    private readonly store: Store,
    private readonly events: LedgerEvents,
    private readonly backoff: SettlementBackoffOptions = DEFAULT_SETTLEMENT_BACKOFF,
  ) {
    // Streams watch refunds; many at once is normal, not a leak.
    this.changes.setMaxListeners(0);
    events.on("refund.state", (e) => this.onCallState(e));
  }

  /** Calls `listener` whenever anything is learned about this project's refunds; returns the unsubscribe. */
  watch(projectId: string, listener: (idempotencyKey: string) => void): () => void {
    this.changes.on(projectId, listener);
    return () => this.changes.off(projectId, listener);
  }

  /**
   * Matches each observation to our refund row (by refund id, else by our key) and settles each
   * row from one of them. An event can show several refunds under our key (Asaas lists all of a
   * payment's: an attempt the provider cancelled, then the retry that is ours); the row follows
   * the one it recorded, else the live one, as the poller does.
   */
  async settleObservations(ctx: ObservationContext, observations: readonly RefundObservation[]): Promise<SettleResult> {
    const result: SettleResult = { matched: 0, changed: 0 };
    const chosen = new Map<string, { row: RefundAttemptRecord; obs: RefundObservation }>();
    for (const obs of observations) {
      const row = await this.findRow(ctx.projectId, ctx.server, obs);
      if (!row) continue;
      const previous = chosen.get(lockKey(row));
      if (!previous || preference(row, obs) > preference(row, previous.obs)) chosen.set(lockKey(row), { row, obs });
    }
    for (const { row, obs } of chosen.values()) {
      result.matched++;
      if (await this.settleRow(row, obs, ctx)) result.changed++;
    }
    return result;
  }

  /** Settles one known row from one observation; true when the row changed. */
  async settleRow(row: RefundAttemptRecord, obs: RefundObservation, ctx: ObservationContext): Promise<boolean> {
    return this.locks.run(lockKey(row), async () => {
      const current = await this.store.refundAttempts.get(row.project_id, row.idempotency_key);
      if (!current) return false;
      const observed = rowStateOf(obs.state);
      const decision = isAnotherRefund(current, obs.refundId) ? "ignore" : decide(current.state, observed);
      if (decision === "apply" || ctx.recordUnchanged) {
        await this.record(current, ctx.source, ctx.type, observed, ctx.providerEventId, observationData(obs, ctx.paymentState, decision));
      }
      const changed = decision === "apply" && (await this.transition(current, observed, obs, ctx.source));
      this.changes.emit(row.project_id, row.idempotency_key);
      return changed;
    });
  }

  /** Records a poller finding that changes nothing (e.g. giving up on an unknown refund) and tells watchers. */
  async note(row: RefundAttemptRecord, type: string, data: Record<string, unknown>): Promise<void> {
    await this.record(row, "poller", type, row.state, null, data);
    this.changes.emit(row.project_id, row.idempotency_key);
  }

  async listEvents(projectId: string, idempotencyKey: string): Promise<SettlementEventRecord[]> {
    return this.store.settlement.listEvents(projectId, idempotencyKey);
  }

  private async findRow(projectId: string, server: string, obs: RefundObservation): Promise<RefundAttemptRecord | undefined> {
    if (obs.refundId) {
      const byId = await this.store.settlement.refundByRefundId(projectId, server, obs.refundId);
      if (byId) return byId;
    }
    if (!obs.idempotencyKey) return undefined;
    const byKey = await this.store.refundAttempts.get(projectId, obs.idempotencyKey);
    // A key is only ours on the server that made the refund: another provider's metadata proves nothing.
    return byKey && byKey.server === server ? byKey : undefined;
  }

  private async transition(current: RefundAttemptRecord, state: RefundAttemptState, obs: RefundObservation, source: "webhook" | "poller"): Promise<boolean> {
    const applied = await this.store.settlement.transitionRefund(current.project_id, current.idempotency_key, current.state, {
      state,
      refund_id: obs.refundId ?? null,
      refunded_amount: obs.amount ?? null,
      currency: obs.currency ?? null,
      error_code: state === "failed" ? "refund_failed" : null,
      updated_at: new Date().toISOString(),
    });
    if (!applied) return false;
    // Pending again after unknown: the poller starts its back-off afresh.
    if (state === "pending") await this.store.settlement.scheduleCheck(current.project_id, current.idempotency_key, this.firstCheckAt());
    const after = await this.store.refundAttempts.get(current.project_id, current.idempotency_key);
    if (after) await announceStateChange(this.store, this.events, { record: after, previousState: current.state, source });
    return true;
  }

  /**
   * A call wrote its outcome (source "call"), or a re-run was answered from the ledger ("ledger"):
   * keep it as an event of the refund, schedule the poller for a row the call left pending or
   * unknown, then apply anything a webhook told us while the call was in flight.
   */
  private async onCallState(e: LedgerEventMap["refund.state"]): Promise<void> {
    if (e.source !== "call" && e.source !== "ledger") return;
    const r = e.record;
    await this.locks.run(lockKey(r), async () => {
      await this.record(r, "call", e.source === "call" ? "refund.call" : "refund.replayed", r.state, null, {
        // A ledger answer does not say which call asked; the row's last caller would be a guess.
        tool_call_id: e.source === "call" ? r.last_tool_call_id : null,
        refund_id: r.refund_id,
        amount: r.refunded_amount,
        currency: r.currency,
        error_code: r.error_code,
        previous_state: e.previousState,
      });
      if (r.state === "pending" || r.state === "unknown") {
        // A re-run keeps the back-off it has; only a call that just answered starts it.
        if (e.source === "call") await this.store.settlement.scheduleCheck(r.project_id, r.idempotency_key, this.firstCheckAt());
        await this.applyParked(r);
      }
    });
    this.changes.emit(r.project_id, r.idempotency_key);
  }

  private async applyParked(row: RefundAttemptRecord): Promise<void> {
    const events = await this.store.settlement.listEvents(row.project_id, row.idempotency_key);
    let best: SettlementEventRecord | undefined;
    for (const ev of events) {
      if (ev.source === "call" || decide(row.state, ev.state) !== "apply") continue;
      if (typeof ev.data.refund_id === "string" && isAnotherRefund(row, ev.data.refund_id)) continue;
      // The furthest state wins; among equals the latest, as the provider's newest word.
      if (!best || !isTerminal(best.state) || isTerminal(ev.state)) best = ev;
    }
    if (!best) return;
    const data = best.data;
    const obs: RefundObservation = {
      state: best.state === "failed" ? "failed" : best.state === "succeeded" ? "succeeded" : "pending",
      providerStatus: typeof data.provider_status === "string" ? data.provider_status : best.state,
      ...(typeof data.refund_id === "string" ? { refundId: data.refund_id } : {}),
      ...(typeof data.amount === "number" ? { amount: data.amount } : {}),
      ...(typeof data.currency === "string" ? { currency: data.currency } : {}),
    };
    await this.transition(row, best.state, obs, best.source === "poller" ? "poller" : "webhook");
  }

  private async record(row: RefundAttemptRecord, source: SettlementEventRecord["source"], type: string, state: RefundAttemptState, providerEventId: string | null, data: Record<string, unknown>): Promise<void> {
    await this.store.settlement.appendEvent({
      id: newId("sev"),
      project_id: row.project_id,
      idempotency_key: row.idempotency_key,
      source,
      type,
      state,
      provider_event_id: providerEventId,
      at: new Date().toISOString(),
      data,
    });
  }

  private firstCheckAt(): string {
    return new Date(Date.now() + this.backoff.baseMs).toISOString();
  }
}

/**
 * The row already names its refund and this is another one carrying our key: an earlier attempt
 * the provider failed or cancelled before a retry made the refund that is ours. Its end says
 * nothing about ours (applying it failed a row whose refund went on to succeed).
 */
function isAnotherRefund(row: RefundAttemptRecord, refundId: string | undefined): boolean {
  return row.refund_id !== null && refundId !== undefined && refundId !== row.refund_id;
}

/** Which of several observations of one row to settle it from: the refund it names, then a live one. */
function preference(row: RefundAttemptRecord, obs: RefundObservation): number {
  const live = obs.state === "succeeded" ? 2 : obs.state === "pending" ? 1 : 0;
  return (obs.refundId !== undefined && obs.refundId === row.refund_id ? 10 : 0) + live;
}

function lockKey(r: { project_id: string; idempotency_key: string }): string {
  return `${r.project_id}\n${r.idempotency_key}`;
}

const EFFECT: Record<TransitionDecision, string> = { apply: "applied", ignore: "ignored", park: "parked" };

function observationData(obs: RefundObservation, paymentState: PaymentState | undefined, decision: TransitionDecision): Record<string, unknown> {
  return {
    refund_id: obs.refundId ?? null,
    provider_status: obs.providerStatus,
    amount: obs.amount ?? null,
    currency: obs.currency ?? null,
    ...(paymentState ? { payment_state: paymentState } : {}),
    // Why the row did or did not change: "ignored" is a late or repeated word after a further state.
    effect: EFFECT[decision],
  };
}
