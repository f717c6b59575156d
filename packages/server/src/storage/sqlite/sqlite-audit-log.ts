import type { AuditLogRepository, AuditRecord } from "../audit-records.js";
import { toJson } from "../json-columns.js";
import { auditFromRow, type Row } from "../row-mapping.js";
import { insertSql, type SqliteDb } from "./sqlite-database.js";

const AUDIT_COLUMNS = ["seq", "at", "project_id", "actor", "action", "subject", "data", "prev_hash", "hash"] as const;

export function sqliteAuditLogRepository(db: SqliteDb): { auditLog: AuditLogRepository } {
  const q = {
    last: db.prepare("SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1"),
    insert: db.prepare(insertSql("audit_log", AUDIT_COLUMNS)),
    list: db.prepare("SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?"),
  };
  const appendTx = db.transaction((next: (last: AuditRecord | undefined) => AuditRecord): AuditRecord => {
    const row = q.last.get() as Row | undefined;
    const record = next(row ? auditFromRow(row) : undefined);
    q.insert.run({ ...record, data: toJson(record.data) });
    return record;
  });
  return {
    auditLog: {
      async append(next) {
        // IMMEDIATE takes the write lock before the read, so another process on the same file
        // (a CLI next to the server) waits instead of chaining onto the same last record.
        return appendTx.immediate(next);
      },
      async list(afterSeq, limit) {
        return (q.list.all(afterSeq, limit) as Row[]).map(auditFromRow);
      },
    },
  };
}
