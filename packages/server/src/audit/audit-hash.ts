import { createHash } from "node:crypto";
import type { AuditRecord } from "../storage/index.js";

/** prev_hash of the first record. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * JSON with object keys sorted at every depth, so the same content always serializes to the
 * same bytes whatever order it was built or stored in. Undefined object members are dropped
 * and undefined array items become null, as JSON.stringify does; non-JSON values are refused.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`Cannot hash a non-finite number: ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new TypeError(`Cannot hash a ${typeof value}`);
}

/** SHA-256 hex over the canonical form of everything in the record but the hash itself. */
export function auditHash(r: Omit<AuditRecord, "hash">): string {
  const body = { seq: r.seq, at: r.at, project_id: r.project_id, actor: r.actor, action: r.action, subject: r.subject, data: r.data, prev_hash: r.prev_hash };
  return createHash("sha256").update(canonicalJson(body), "utf8").digest("hex");
}

/** What a subscriber wants recorded; the chain adds seq, time and hashes. */
export interface AuditEntry {
  project_id: string | null;
  actor: string;
  action: string;
  subject: string;
  data: Record<string, unknown>;
}

/** The record that follows `last` (or starts the chain). */
export function sealNext(last: AuditRecord | undefined, entry: AuditEntry, at: Date): AuditRecord {
  // Normalized through its canonical JSON so the hashed value is exactly what reads back from storage.
  const data = JSON.parse(canonicalJson(entry.data)) as unknown;
  const unsealed = { seq: last ? last.seq + 1 : 1, at: at.toISOString(), ...entry, data, prev_hash: last ? last.hash : GENESIS_HASH };
  return { ...unsealed, hash: auditHash(unsealed) };
}
