import Database from "better-sqlite3";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSqliteStore, type Store } from "@codespar/server";
import { GENESIS_HASH, auditHash, canonicalJson } from "../../src/audit/audit-hash.js";
import { AuditTrail } from "../../src/audit/audit-trail.js";
import { verifyAuditChain } from "../../src/audit/verify-chain.js";

describe("canonical JSON", () => {
  it("sorts keys at every depth, so build order never changes the bytes", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: true, y: null }], c: "x" } })).toBe('{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
  it("drops undefined members and writes undefined array items as null, like JSON", () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });
  it("refuses values JSON cannot carry", () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
    expect(() => canonicalJson({ a: 1n })).toThrow();
  });
  it("hashes with SHA-256 over every field but the hash, stable under key order", () => {
    const r = { seq: 1, at: "2026-11-27T10:00:00.000Z", project_id: "proj_a", actor: "a", action: "x", subject: "s", data: { b: 1, a: 2 }, prev_hash: GENESIS_HASH };
    expect(auditHash(r)).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash({ ...r, data: { a: 2, b: 1 } })).toBe(auditHash(r));
    expect(auditHash({ ...r, seq: 2 })).not.toBe(auditHash(r));
    expect(auditHash({ ...r, data: { a: 2, b: 2 } })).not.toBe(auditHash(r));
  });
});

describe("audit chain", () => {
  let store: Store;
  let trail: AuditTrail;
  // A second connection to the same file, writing behind the store's back as anyone with file access could.
  let raw: Database.Database;
  beforeEach(async () => {
    const file = join(mkdtempSync(join(tmpdir(), "codespar-audit-")), "codespar.db");
    store = createSqliteStore(file);
    raw = new Database(file);
    trail = new AuditTrail(store);
  });
  afterEach(async () => {
    raw.close();
    await store.close();
  });

  const entry = (i: number) => ({ project_id: "proj_a", actor: "tool_call:tc_1", action: "refund.attempt", subject: `csr_${i}`, data: { amount: i, nested: { z: 1, a: [i] } } });

  it("chains from the genesis hash with contiguous seq, even for concurrent appends", async () => {
    const records = await Promise.all(Array.from({ length: 20 }, (_, i) => trail.append(entry(i))));
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(records[0]!.prev_hash).toBe(GENESIS_HASH);
    records.slice(1).forEach((r, i) => expect(r.prev_hash).toBe(records[i]!.hash));
    expect(await verifyAuditChain(store, 7)).toEqual({ ok: true, count: 20, head_hash: records[19]!.hash });
  });

  it("an empty trail verifies", async () => {
    expect(await verifyAuditChain(store)).toEqual({ ok: true, count: 0, head_hash: null });
  });

  it("names the record whose data was edited in place", async () => {
    for (let i = 0; i < 5; i++) await trail.append(entry(i));
    raw.prepare("UPDATE audit_log SET data = ? WHERE seq = 3").run(JSON.stringify({ amount: 999, nested: { z: 1, a: [2] } }));
    expect(await verifyAuditChain(store, 2)).toEqual({ ok: false, count: 3, first_broken: { seq: 3, reason: "hash_mismatch" } });
  });

  it("names the record after one rewritten with a recomputed hash", async () => {
    for (let i = 0; i < 5; i++) await trail.append(entry(i));
    const [r3] = await store.auditLog.list(2, 1);
    const forged = { ...r3!, data: { amount: 999 } };
    raw.prepare("UPDATE audit_log SET data = ?, hash = ? WHERE seq = 3").run(JSON.stringify(forged.data), auditHash(forged));
    expect(await verifyAuditChain(store)).toMatchObject({ ok: false, first_broken: { seq: 4, reason: "prev_hash_mismatch" } });
  });

  it("names the record after a removed one, and a forged record numbered below the chain", async () => {
    for (let i = 0; i < 5; i++) await trail.append(entry(i));
    raw.prepare("DELETE FROM audit_log WHERE seq = 2").run();
    expect(await verifyAuditChain(store)).toMatchObject({ ok: false, first_broken: { seq: 3, reason: "gap" } });
    raw.prepare("INSERT INTO audit_log SELECT 0, at, project_id, actor, action, subject, data, prev_hash, hash FROM audit_log WHERE seq = 1").run();
    expect(await verifyAuditChain(store)).toMatchObject({ ok: false, first_broken: { seq: 0, reason: "gap" } });
  });

  it("reports data that is no longer JSON as a mismatch, not a crash", async () => {
    for (let i = 0; i < 3; i++) await trail.append(entry(i));
    raw.prepare("UPDATE audit_log SET data = 'not json' WHERE seq = 2").run();
    expect(await verifyAuditChain(store)).toMatchObject({ ok: false, first_broken: { seq: 2, reason: "hash_mismatch" } });
  });
});
