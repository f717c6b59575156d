import type { PoolClient } from "pg";
import type { AuditLogRepository, AuditRecord } from "../audit-records.js";
import { toJson } from "../json-columns.js";
import { auditFromRow, type Row } from "../row-mapping.js";
import { ADVISORY_LOCK_CLASS, AUDIT_CHAIN_LOCK } from "./pg-migrate.js";
import { rows, type PgPool } from "./pg-database.js";

/**
 * The INSERT and COMMIT as one simple-protocol message. Parameters cannot travel with a
 * multi-statement query, so values are quoted with the driver's own escapeLiteral (which
 * doubles quotes and handles backslashes whatever standard_conforming_strings says) and seq
 * must be a safe integer.
 */
function insertAndCommit(client: PoolClient, r: AuditRecord): string {
  if (!Number.isSafeInteger(r.seq)) throw new Error(`audit seq must be an integer, got ${String(r.seq)}`);
  const text = (v: string | null) => (v === null ? "NULL" : client.escapeLiteral(v));
  const values = [String(r.seq), text(r.at), text(r.project_id), text(r.actor), text(r.action), text(r.subject), text(toJson(r.data)), text(r.prev_hash), text(r.hash)];
  return `INSERT INTO audit_log (seq, at, project_id, actor, action, subject, data, prev_hash, hash) VALUES (${values.join(", ")}); COMMIT`;
}

export function pgAuditLogRepository(db: PgPool): { auditLog: AuditLogRepository } {
  return {
    auditLog: {
      async append(next) {
        // One chain across every API and worker process: the transaction-scoped advisory lock
        // makes read-last-then-insert a critical section, released by COMMIT or ROLLBACK. The
        // chain is serial by nature, so its throughput is one over the time the lock is held:
        // two round trips in all, the lock held across one.
        const client = await db.connect();
        try {
          const results = (await client.query(
            `BEGIN; SELECT pg_advisory_xact_lock(${ADVISORY_LOCK_CLASS}, ${AUDIT_CHAIN_LOCK}); SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1`,
          )) as unknown as { rows: Row[] }[];
          const last = results[2]?.rows[0];
          const record = next(last ? auditFromRow(last) : undefined);
          await client.query(insertAndCommit(client, record));
          return record;
        } catch (err) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      },
      async list(afterSeq, limit) {
        return (await rows<Row>(db, "SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2", [afterSeq, limit])).map(auditFromRow);
      },
    },
  };
}
