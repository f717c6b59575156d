import { setTimeout as sleep } from "node:timers/promises";
import type { RefundAttemptRecord, Store } from "../storage/index.js";
import type { ToolOutcome } from "../tools/tool-definition.js";

export interface RefundLeaseOptions {
  /** This process, as leases name it (see owner-id.ts). */
  owner: string;
  /** Length of a lease; the holder renews it every third of this while it works, so a dead holder's lease ends within it. */
  ttlMs: number;
  /** How often a caller waiting for someone else's lease re-reads the row. Default 100 ms. */
  pollMs?: number;
}

export type LeaseAttempt =
  /** Ours, with the row as it stood when granted: a previous holder may have moved it on. */
  | { kind: "held"; lease: HeldRefundLease; record: RefundAttemptRecord }
  /** While we waited, the holder settled the refund: answer from the ledger. */
  | { kind: "settled"; record: RefundAttemptRecord }
  /** A live holder kept it for a whole lease length: its outcome is not ours to guess. */
  | { kind: "busy" };

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The right to call the provider for one refund, held across processes. The in-process key
 * lock cannot see a second worker that received the same item (a stalled job re-delivered while
 * its first worker still runs it); this lease can. It is renewed while held, so its length only
 * bounds how long a dead holder blocks the refund, never how long a live one may take.
 */
export class HeldRefundLease {
  private readonly timer: NodeJS.Timeout;
  private lostLease = false;

  constructor(
    private readonly store: Store,
    private readonly projectId: string,
    private readonly key: string,
    private readonly opts: RefundLeaseOptions,
  ) {
    this.timer = setInterval(() => void this.renew(), Math.max(50, Math.floor(opts.ttlMs / 3)));
    this.timer.unref();
  }

  /** True once a renewal found the lease taken: stop before sending anything more. */
  get lost(): boolean {
    return this.lostLease;
  }

  /** Never throws: a lease that could not be given back ends by itself within one lease length. */
  async release(): Promise<void> {
    clearInterval(this.timer);
    await this.store.refundAttempts.releaseLease(this.projectId, this.key, this.opts.owner).catch(() => undefined);
  }

  private async renew(): Promise<void> {
    const now = Date.now();
    try {
      if (!(await this.store.refundAttempts.acquireLease(this.projectId, this.key, this.opts.owner, iso(now + this.opts.ttlMs), iso(now)))) {
        this.lostLease = true;
      }
    } catch {
      // A failed renewal is retried at the next tick; the lease still has two thirds to run.
    }
  }
}

/**
 * Takes the refund's lease, waiting up to one lease length for another holder: a dead one's
 * lease runs out within that, a live one usually settles the refund sooner.
 */
export async function takeRefundLease(store: Store, projectId: string, key: string, opts: RefundLeaseOptions): Promise<LeaseAttempt> {
  const deadline = Date.now() + opts.ttlMs + (opts.pollMs ?? 100);
  for (;;) {
    const now = Date.now();
    const granted = await store.refundAttempts.acquireLease(projectId, key, opts.owner, iso(now + opts.ttlMs), iso(now));
    if (granted) return { kind: "held", lease: new HeldRefundLease(store, projectId, key, opts), record: granted };
    const row = await store.refundAttempts.get(projectId, key);
    if (row && (row.state === "succeeded" || row.state === "pending")) return { kind: "settled", record: row };
    if (Date.now() >= deadline) return { kind: "busy" };
    await sleep(opts.pollMs ?? 100);
  }
}

/** What a caller hears when another live process holds the refund: not a failure, not a success, retry later. */
export function refundBusyOutcome(server: string, paymentId: string, amount: number | undefined, key: string): ToolOutcome {
  return {
    success: false,
    error_code: "outcome_unknown",
    error: "Another CodeSpar process is sending this refund right now; its outcome is not known yet. Retry to read it from the ledger.",
    data: { payment_id: paymentId, amount: amount ?? null, idempotency_key: key, retryable: true, details: { lease_held_elsewhere: true } },
    server,
    idempotencyKey: key,
  };
}
