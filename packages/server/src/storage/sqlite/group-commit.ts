import type { SqliteDb } from "./sqlite-database.js";

type Op = { run: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void };

/**
 * Group commit for the embedded store. better-sqlite3 is synchronous, so with
 * synchronous=FULL every autocommitted statement is an fsync that blocks the event loop, and
 * a refund makes a dozen of them. Instead, repository calls made in the same turn of the event
 * loop run together in one transaction, and each caller's promise settles only after that
 * transaction's COMMIT (one fsync for all): the same durability, a fraction of the syncs.
 */
export class GroupCommit {
  private pending: Op[] = [];
  private scheduled = false;

  constructor(private readonly db: SqliteDb) {}

  run<T>(work: () => T): Promise<Awaited<T>> {
    return new Promise<Awaited<T>>((resolve, reject) => {
      this.pending.push({ run: work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const ops = this.pending;
    this.pending = [];
    if (ops.length === 0 || !this.db.open) {
      for (const op of ops) op.reject(new Error("The database is closed"));
      return;
    }
    const results: { value?: unknown; error?: unknown }[] = [];
    try {
      this.db.exec("BEGIN IMMEDIATE");
      for (const op of ops) {
        // A savepoint per call: one call's failure (a constraint) undoes only its own writes.
        this.db.exec("SAVEPOINT op");
        try {
          results.push({ value: op.run() });
          this.db.exec("RELEASE op");
        } catch (error) {
          this.db.exec("ROLLBACK TO op");
          this.db.exec("RELEASE op");
          results.push({ error });
        }
      }
      this.db.exec("COMMIT");
    } catch (error) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      for (const op of ops) op.reject(error);
      return;
    }
    ops.forEach((op, i) => {
      const r = results[i];
      if (r && "error" in r) op.reject(r.error);
      else Promise.resolve(r?.value).then(op.resolve, op.reject);
    });
  }
}

/**
 * Reads by the repositories' naming convention. They run at once, outside the batch: they
 * need no sync, and a caller's read after its own awaited write already sees that write.
 */
const READ_METHOD = /^(get|find|list|count|items|completedSince|connectionById|dueChecks|refundByRefundId|summarize|unfinished|unannounced|all|last|head|verify)/;

/**
 * The repository with every write method run through the group commit. Repository methods
 * are async but do their SQL synchronously before any await, so the SQL lands inside the batch.
 */
export function grouped<R extends object>(repo: R, commit: GroupCommit): R {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(repo)) {
    if (typeof value !== "function" || READ_METHOD.test(name)) out[name] = value;
    else out[name] = (...args: unknown[]) => commit.run(() => (value as (...a: unknown[]) => unknown).apply(repo, args));
  }
  return out as R;
}
