import type { Store } from "../storage/index.js";
import { GENESIS_HASH, auditHash } from "./audit-hash.js";

export type AuditBreak = "hash_mismatch" | "prev_hash_mismatch" | "gap";

export type AuditVerification =
  | { ok: true; count: number; head_hash: string | null }
  | { ok: false; count: number; first_broken: { seq: number; reason: AuditBreak } };

/**
 * Walks the whole chain in seq order and recomputes every hash. Reports the first record that
 * is out of sequence (gap: a record removed or inserted), that does not point at its
 * predecessor's hash (prev_hash_mismatch: a predecessor rewritten with a recomputed hash), or
 * whose content no longer matches its own hash (hash_mismatch: edited in place). Removing the
 * newest records leaves a shorter valid chain; `head_hash` is what to keep elsewhere to catch that.
 */
export async function verifyAuditChain(store: Store, pageSize = 1000): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  // Start below any seq so a forged record numbered 0 or less is seen too, not skipped.
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const page = await store.auditLog.list(after, pageSize);
    if (page.length === 0) break;
    for (const r of page) {
      count++;
      const reason: AuditBreak | null =
        r.seq !== expectedSeq ? "gap" : r.prev_hash !== prevHash ? "prev_hash_mismatch" : safeHash(r) !== r.hash ? "hash_mismatch" : null;
      if (reason) return { ok: false, count, first_broken: { seq: r.seq, reason } };
      expectedSeq++;
      prevHash = r.hash;
      after = r.seq;
    }
  }
  return { ok: true, count, head_hash: count > 0 ? prevHash : null };
}

// Data that no longer serializes (edited into something non-JSON) is a mismatch, not a crash.
function safeHash(r: Parameters<typeof auditHash>[0]): string | null {
  try {
    return auditHash(r);
  } catch {
    return null;
  }
}
