import type { AuditRecord, Store } from "../storage/index.js";
import { sealNext, type AuditEntry } from "./audit-hash.js";

/**
 * Appends to the one global chain, strictly one at a time. In this process the queue orders
 * appends; the store's append is a transaction that reads the last record and inserts the next,
 * so the SQLite file stays a single chain even with a second process on it. Several API
 * processes on PostgreSQL will need that transaction to take a lock (an advisory lock or
 * SELECT … FOR UPDATE on a chain-head row): that arrives with the PostgreSQL store.
 */
export class AuditTrail {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  append(entry: AuditEntry): Promise<AuditRecord> {
    const appended = this.tail.then(() => this.store.auditLog.append((last) => sealNext(last, entry, this.clock())));
    // One failed append must not block the ones queued after it; its caller still sees the error.
    this.tail = appended.catch(() => undefined);
    return appended;
  }
}
