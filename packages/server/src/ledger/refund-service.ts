import { setTimeout as sleep } from "node:timers/promises";
import { CodesparError } from "@codespar/protocol";
import type { PaymentProvider, RefundOutcome } from "@codespar/providers";
import type { ConnectionService } from "../connections/connection-service.js";
import type { Route } from "../router/payment-router.js";
import type { RefundAttemptRecord, Store } from "../storage/index.js";
import type { ToolOutcome } from "../tools/tool-definition.js";
import { deriveRefundKey } from "./idempotency-key.js";
import { KeyLock } from "./key-lock.js";
import { announceStateChange } from "./announce-state.js";
import type { LedgerEvents } from "./ledger-events.js";
import { classifyFailure, type ClassifiedFailure } from "./provider-failure.js";
import { DEFAULT_RETRY_POLICY, backoffDelayMs, shouldRetry, type RetryPolicyOptions } from "./retry-policy.js";
import { refundBusyOutcome, takeRefundLease, type HeldRefundLease, type RefundLeaseOptions } from "../distributed/refund-lease.js";

export interface RefundRequest {
  projectId: string;
  route: Route;
  toolCallId: string;
  paymentId: string;
  amount?: number | undefined;
  reason?: string | undefined;
  idempotencyKey?: string | undefined;
  oncePerDay: boolean;
}

/**
 * One logical refund, exactly once. The idempotency row is written before the first provider
 * attempt; a row found already settled answers from the ledger without calling the provider;
 * a row left in flight or unknown (crash, timeout) is settled by reading the payment back
 * before anything is sent again.
 */
export class RefundService {
  private readonly locks = new KeyLock();

  constructor(
    private readonly store: Store,
    private readonly connections: ConnectionService,
    private readonly events: LedgerEvents,
    private readonly policy: RetryPolicyOptions = DEFAULT_RETRY_POLICY,
    // The key lock covers this process. With workers on several machines (REDIS_URL) a lease on
    // the refund row covers every process sharing the database; one process owning the data
    // (the embedded default) needs none.
    private readonly lease?: RefundLeaseOptions,
  ) {}

  async refund(req: RefundRequest): Promise<ToolOutcome> {
    const key = req.idempotencyKey ?? deriveRefundKey(req.projectId, req.paymentId, req.amount);
    return this.locks.run(`${req.projectId}\n${key}`, async () => {
      if (req.oncePerDay) await this.assertNoRefundToday(req, key);
      const now = new Date().toISOString();
      const { record, created } = await this.store.refundAttempts.claim({
        project_id: req.projectId,
        idempotency_key: key,
        server: req.route.server,
        connection_id: req.route.connection.id,
        payment_id: req.paymentId,
        amount: req.amount ?? null,
        state: "in_flight",
        refund_id: null,
        refunded_amount: null,
        currency: null,
        error_code: null,
        attempts: 0,
        first_tool_call_id: req.toolCallId,
        last_tool_call_id: req.toolCallId,
        created_at: now,
        updated_at: now,
      });
      if (!created) {
        if (record.payment_id !== req.paymentId || record.amount !== (req.amount ?? null)) {
          throw new CodesparError("invalid_request", `idempotency_key ${key} was already used for a different refund (payment ${record.payment_id}, amount ${record.amount ?? "full"})`, { field: "idempotency_key" });
        }
        if (record.state === "succeeded" || record.state === "pending") return this.answerFromLedger(req, record);
        if (declinedByProvider(record)) return this.answerDeclined(req, record);
      }
      const taken = this.lease ? await takeRefundLease(this.store, req.projectId, key, this.lease) : undefined;
      if (taken?.kind === "settled") return this.answerFromLedger(req, taken.record);
      if (taken?.kind === "busy") return refundBusyOutcome(req.route.server, req.paymentId, req.amount, key);
      try {
        // A previous holder may have moved the row on while we waited: work from what it says now.
        const current = taken?.record ?? record;
        if (current.state === "succeeded" || current.state === "pending") return await this.answerFromLedger(req, current);
        if (declinedByProvider(current)) return this.answerDeclined(req, current);
        const provider = this.connections.providerFor(req.route.connection);
        if ((!created || current.attempts > 0) && (current.state === "in_flight" || current.state === "unknown")) {
          const found = await this.readBack(provider, req.paymentId, key);
          if (found) return await this.settle(req, key, current.attempts, found, true);
        }
        return await this.attempt(req, key, provider, current, taken?.lease);
      } finally {
        await taken?.lease.release();
      }
    });
  }

  private async attempt(req: RefundRequest, key: string, provider: PaymentProvider, record: RefundAttemptRecord, lease: HeldRefundLease | undefined): Promise<ToolOutcome> {
    let attempts = record.attempts;
    // Identical on every attempt and every re-run: providers compare parameters under one key.
    const metadata = { codespar_tool_call_id: record.first_tool_call_id };
    let keyGeneration = 0;
    for (let retries = 0; ; retries++) {
      // Another process took the refund over (our lease lapsed): it reads back before sending, we stop.
      if (lease?.lost) return refundBusyOutcome(req.route.server, req.paymentId, req.amount, key);
      attempts++;
      await this.store.refundAttempts.update(req.projectId, key, { state: "in_flight", attempts, last_tool_call_id: req.toolCallId, updated_at: new Date().toISOString() });
      const attemptKey = keyGeneration > 0 ? `${key}~${keyGeneration}` : key;
      await this.events.emit("refund.attempt", { record: { ...record, state: "in_flight", attempts }, toolCallId: req.toolCallId, attemptKey });
      let failure: ClassifiedFailure;
      try {
        const outcome = await provider.refund({
          paymentId: req.paymentId,
          idempotencyKey: key,
          ...(attemptKey !== key ? { attemptKey } : {}),
          firstAttempt: attempts === 1,
          metadata,
          ...(req.amount !== undefined ? { amount: req.amount } : {}),
          ...(req.reason !== undefined ? { reason: req.reason } : {}),
        });
        return this.settle(req, key, attempts, outcome, outcome.replayed);
      } catch (err) {
        failure = classifyFailure(err);
      }
      // "Already done" answers are checked against our own key: a refund we made earlier is success.
      if (failure.failureClass === "unknown" || failure.code === "already_refunded" || failure.code === "amount_exceeds_refundable") {
        const found = await this.readBack(provider, req.paymentId, key);
        if (found) return this.settle(req, key, attempts, found, true);
      }
      // The provider settled that nothing was applied but will replay the failure for this key:
      // the next attempt goes out under a fresh header key, the logical key unchanged. What it
      // replays is a 5xx, so if the retries run out here the call failed as provider_unavailable
      // (retryable), never as a provider's refusal that a dead-letter re-run would leave alone.
      if (failure.details.idempotency_key_spent === true) {
        keyGeneration++;
        failure = { ...failure, code: "provider_unavailable", failureClass: "retryable" };
      }
      if (!shouldRetry(failure.failureClass, retries, this.policy)) return this.fail(req, key, attempts, failure);
      await sleep(backoffDelayMs(retries, this.policy, failure.retryAfterMs));
    }
  }

  /** Our refund at the provider, found by the key the adapter stored on it; undefined when absent or unreadable. */
  private async readBack(provider: PaymentProvider, paymentId: string, key: string): Promise<RefundOutcome | undefined> {
    try {
      const payment = await provider.getPayment(paymentId);
      const mine = payment.refunds.find((r) => r.idempotencyKey === key && r.state !== "failed" && r.state !== "canceled");
      if (!mine) return undefined;
      return {
        refundId: mine.refundId,
        paymentId,
        amount: mine.amount,
        currency: payment.currency,
        state: mine.state,
        replayed: true,
        providerStatus: mine.providerStatus,
        raw: null,
      };
    } catch {
      return undefined;
    }
  }

  private async settle(req: RefundRequest, key: string, attempts: number, outcome: RefundOutcome, alreadyDone: boolean): Promise<ToolOutcome> {
    const state = outcome.state === "succeeded" ? "succeeded" : outcome.state === "pending" ? "pending" : "failed";
    await this.store.refundAttempts.update(req.projectId, key, {
      state,
      attempts,
      refund_id: outcome.refundId,
      refunded_amount: outcome.amount,
      currency: outcome.currency,
      error_code: state === "failed" ? "refund_failed" : null,
      last_tool_call_id: req.toolCallId,
      updated_at: new Date().toISOString(),
    });
    await this.store.paymentRoutes.record({ project_id: req.projectId, payment_id: req.paymentId, server: req.route.server, created_at: new Date().toISOString() });
    await this.announce(req.projectId, key, "in_flight");
    const data = {
      refund_id: outcome.refundId,
      payment_id: req.paymentId,
      amount: outcome.amount,
      currency: outcome.currency,
      status: state,
      provider_status: outcome.providerStatus,
      idempotency_key: key,
      replayed: alreadyDone,
      already_done: alreadyDone,
    };
    if (state === "failed") {
      return { success: false, error_code: "provider_error", error: `${req.route.server} reports refund ${outcome.refundId} as ${outcome.providerStatus}`, data, server: req.route.server, idempotencyKey: key };
    }
    return { success: true, data, server: req.route.server, idempotencyKey: key };
  }

  /** Tells billing, audit and settlement what the row now says. */
  private async announce(projectId: string, key: string, previousState: RefundAttemptRecord["state"]): Promise<void> {
    const record = await this.store.refundAttempts.get(projectId, key);
    if (record) await announceStateChange(this.store, this.events, { record, previousState, source: "call" });
  }

  private async answerFromLedger(req: RefundRequest, r: RefundAttemptRecord): Promise<ToolOutcome> {
    // Re-announced so listeners that failed the first time (a usage row lost to a database
    // error after the provider refunded) catch up; they are idempotent per refund key.
    await this.events.emit("refund.state", { record: r, previousState: r.state, source: "ledger" });
    const data = ledgerData(r, true);
    return { success: true, data, server: req.route.server, idempotencyKey: r.idempotency_key };
  }

  /**
   * The provider took this refund and then failed it (Stripe `failed`, Mercado Pago `rejected`,
   * Asaas `CANCELLED`): no money moved, and the key is spent. Sending it again would replay the
   * provider's stale "pending" answer (Stripe, Mercado Pago) or make a new refund (Asaas), so a
   * re-run answers from the ledger like any settled refund; trying again takes a new key.
   */
  private answerDeclined(req: RefundRequest, r: RefundAttemptRecord): ToolOutcome {
    const data = ledgerData(r, false);
    const error = `${req.route.server} failed refund ${r.refund_id ?? r.idempotency_key} after accepting it; nothing was refunded. Refund under a new idempotency_key to try again`;
    return { success: false, error_code: "provider_error", error, data, server: req.route.server, idempotencyKey: r.idempotency_key };
  }

  private async fail(req: RefundRequest, key: string, attempts: number, f: ClassifiedFailure): Promise<ToolOutcome> {
    await this.store.refundAttempts.update(req.projectId, key, {
      state: f.failureClass === "unknown" ? "unknown" : "failed",
      attempts,
      error_code: f.code,
      last_tool_call_id: req.toolCallId,
      updated_at: new Date().toISOString(),
    });
    await this.announce(req.projectId, key, "in_flight");
    const data = {
      payment_id: req.paymentId,
      amount: req.amount ?? null,
      reason: req.reason ?? null,
      idempotency_key: key,
      attempts,
      retryable: f.failureClass !== "fatal",
      details: f.details,
    };
    return { success: false, error_code: f.code, error: f.message, data, server: req.route.server, idempotencyKey: key };
  }

  private async assertNoRefundToday(req: RefundRequest, key: string): Promise<void> {
    const start = new Date();
    start.setUTCHours(0, 0, 0, 0);
    const end = new Date(start.getTime() + 86_400_000);
    const today = await this.store.refundAttempts.listForPayment(req.projectId, req.paymentId, start.toISOString(), end.toISOString());
    const other = today.find((r) => r.idempotency_key !== key);
    if (other) {
      throw new CodesparError("duplicate_refund_today", `Payment ${req.paymentId} already has a refund today (${other.refund_id ?? other.idempotency_key}); once_per_day refuses a second`, { payment_id: req.paymentId, existing_idempotency_key: other.idempotency_key });
    }
  }
}

/** Failed after the provider had accepted it (settle() and settlement both write `refund_failed`). */
function declinedByProvider(r: RefundAttemptRecord): boolean {
  return r.state === "failed" && r.error_code === "refund_failed";
}

/** The answer a refund row gives without calling the provider (a re-run, or a declined refund). */
function ledgerData(r: RefundAttemptRecord, alreadyDone: boolean) {
  return {
    refund_id: r.refund_id,
    payment_id: r.payment_id,
    amount: r.refunded_amount,
    currency: r.currency,
    status: r.state,
    provider_status: null,
    idempotency_key: r.idempotency_key,
    replayed: true,
    already_done: alreadyDone,
    first_tool_call_id: r.first_tool_call_id,
  };
}
