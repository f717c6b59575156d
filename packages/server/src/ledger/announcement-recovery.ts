import type { FastifyBaseLogger } from "fastify";
import type { RefundAttemptRecord, Store } from "../storage/index.js";
import { announceStateChange } from "./announce-state.js";
import type { LedgerEvents } from "./ledger-events.js";

const PAGE_SIZE = 500;

/**
 * Finishes the `refund.state` announcements a crash cut short: a refund row whose state was
 * committed but not marked announced is announced again (source "recovery"), so its usage row
 * and audit record are written after all. Listeners take a repeat safely (billing is unique per
 * refund key); in-flight rows are left to their re-run, which reads the payment back.
 */
export class AnnouncementRecovery {
  constructor(
    private readonly store: Store,
    private readonly events: LedgerEvents,
    private readonly log: FastifyBaseLogger,
    private readonly pageSize = PAGE_SIZE,
  ) {}

  /** Announces every unannounced row; returns how many it announced. */
  async run(): Promise<number> {
    // Announced rows drop out of the next page; one that failed stays in it, and is skipped
    // rather than retried here, so a listener that keeps failing cannot hold the start up.
    const tried = new Set<string>();
    let announced = 0;
    for (;;) {
      const page = (await this.store.refundAttempts.unannounced(this.pageSize)).filter((r) => !tried.has(rowKey(r)));
      if (page.length === 0) break;
      for (const record of page) {
        tried.add(rowKey(record));
        if (await this.announce(record)) announced++;
      }
    }
    if (announced > 0) this.log.info({ announced }, "announced refund states a crash had left unannounced");
    return announced;
  }

  private async announce(record: RefundAttemptRecord): Promise<boolean> {
    try {
      // A call's outcome always follows in_flight, and update() clears announced_state: null means from in flight.
      await announceStateChange(this.store, this.events, { record, previousState: record.announced_state ?? "in_flight", source: "recovery" });
      return true;
    } catch (err) {
      this.log.error({ err, project_id: record.project_id, idempotency_key: record.idempotency_key }, "refund state still unannounced; the next start tries again");
      return false;
    }
  }
}

function rowKey(r: RefundAttemptRecord): string {
  return `${r.project_id}\n${r.idempotency_key}`;
}
