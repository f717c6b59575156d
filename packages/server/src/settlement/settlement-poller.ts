import type { FastifyBaseLogger } from "fastify";
import type { ProviderRefund } from "@codespar/providers";
import type { ConnectionService } from "../connections/connection-service.js";
import type { DueRefund, RefundAttemptRecord, Store } from "../storage/index.js";
import { DEFAULT_SETTLEMENT_BACKOFF, nextCheckDelayMs, type SettlementBackoffOptions } from "./backoff.js";
import type { SettlementService } from "./settlement-service.js";

export interface SettlementPollerOptions extends SettlementBackoffOptions {
  /** How often the poller looks for due rows; 0 disables it. Default 1 s. */
  intervalMs: number;
  /** Rows checked per tick at most. Default 50. */
  batchSize: number;
  /** Provider reads in flight at once (each connection is paced anyway). Default 4. */
  concurrency: number;
  /** How long a claimed check is ours before another poller may take it (a crashed server's). Default 60 s. */
  leaseMs: number;
}

export const DEFAULT_POLLER_OPTIONS: SettlementPollerOptions = { ...DEFAULT_SETTLEMENT_BACKOFF, intervalMs: 1000, batchSize: 50, concurrency: 4, leaseMs: 60_000 };

type CheckOutcome = "settled" | "unchanged" | "not_found" | "error";

/**
 * Where no webhook arrives, asks the provider. Rows in `pending` or `unknown` are read back
 * (getPayment through the connection's paced adapter) on a capped exponential back-off per
 * row. It never sends anything: an unknown refund the provider does not show after a few
 * checks is left unknown, for a re-run of the call to resolve by read-back.
 */
export class SettlementPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly store: Store,
    private readonly connections: ConnectionService,
    private readonly settlement: SettlementService,
    private readonly log: FastifyBaseLogger,
    private readonly options: SettlementPollerOptions = DEFAULT_POLLER_OPTIONS,
  ) {}

  start(): void {
    if (this.options.intervalMs <= 0 || !this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  /** Stops ticking and waits for a tick in progress, so nothing writes after storage closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass over the due rows; exposed so tests and tools can drive the poller by hand. */
  async tick(now: Date = new Date()): Promise<number> {
    const due = await this.store.settlement.dueChecks(now.toISOString(), this.options.batchSize);
    let checked = 0;
    const queue = [...due];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        if (await this.checkDue(next, now)) checked++;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.options.concurrency) }, worker));
    return checked;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then(() => undefined)
        .catch((err: unknown) => this.log.warn({ err }, "settlement poller tick failed"))
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.options.intervalMs);
    // A poller alone must not keep the process alive.
    this.timer.unref();
  }

  private async checkDue({ refund, check }: DueRefund, now: Date): Promise<boolean> {
    const lease = new Date(now.getTime() + this.options.leaseMs).toISOString();
    if (!(await this.store.settlement.claimCheck(refund.project_id, refund.idempotency_key, check, lease))) return false;
    const outcome = await this.checkOne(refund);
    const checks = (check?.checks ?? 0) + 1;
    const giveUp = refund.state === "unknown" && outcome === "not_found" && checks >= this.options.unknownMaxChecks;
    const at = new Date();
    await this.store.settlement.updateCheck({
      project_id: refund.project_id,
      idempotency_key: refund.idempotency_key,
      checks,
      next_check_at: new Date(at.getTime() + nextCheckDelayMs(checks, this.options)).toISOString(),
      gave_up_at: giveUp ? at.toISOString() : null,
    });
    if (giveUp) {
      await this.settlement.note(refund, "refund.poll_gave_up", {
        checks,
        reason: "The provider shows no refund with this key or refund id; a re-run of the call resolves it by read-back, never by sending blindly",
      });
    }
    return true;
  }

  private async checkOne(refund: RefundAttemptRecord): Promise<CheckOutcome> {
    const connection = await this.store.connections.get(refund.project_id, refund.connection_id);
    if (!connection) return "error";
    try {
      const payment = await this.connections.providerFor(connection).getPayment(refund.payment_id);
      const mine = findOurs(payment.refunds, refund);
      if (!mine) return "not_found";
      const changed = await this.settlement.settleRow(
        refund,
        { refundId: mine.refundId, state: mine.state, amount: mine.amount, currency: payment.currency, providerStatus: mine.providerStatus, ...(mine.idempotencyKey ? { idempotencyKey: mine.idempotencyKey } : {}) },
        { projectId: refund.project_id, server: refund.server, source: "poller", type: "refund.poll", providerEventId: null, paymentState: payment.state, recordUnchanged: false },
      );
      return changed ? "settled" : "unchanged";
    } catch (err) {
      // The provider is down or slow: the back-off simply moves on to the next, later check.
      this.log.debug({ err, payment_id: refund.payment_id }, "settlement poll failed");
      return "error";
    }
  }
}

/** Our refund among the payment's: by refund id, else by our key; a live one over a failed retry. */
function findOurs(refunds: readonly ProviderRefund[], row: RefundAttemptRecord): ProviderRefund | undefined {
  if (row.refund_id) {
    const byId = refunds.find((r) => r.refundId === row.refund_id);
    if (byId) return byId;
  }
  const byKey = refunds.filter((r) => r.idempotencyKey === row.idempotency_key);
  return byKey.find((r) => r.state === "succeeded") ?? byKey.find((r) => r.state === "pending") ?? byKey[0];
}
