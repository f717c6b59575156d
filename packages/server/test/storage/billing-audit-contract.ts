import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditRecord, Store, UsageRecord } from "@codespar/server";

/**
 * What every store must do for billing and audit, written once for SQLite now and the
 * PostgreSQL store later (kept apart from store-contract.ts, which other features extend).
 */
export function billingAuditContract(name: string, open: () => Promise<Store>): void {
  describe(`${name} store: usage and audit`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
      for (const id of ["proj_a", "proj_b"]) await store.projects.insert({ id, name: id, home_currency: "USD", created_at: "2026-11-01T00:00:00.000Z" });
    });
    afterEach(async () => store.close());

    const usage = (key: string, over: Partial<UsageRecord> = {}): UsageRecord => ({
      id: `usage_${key}_${over.project_id ?? "a"}`, project_id: "proj_a", idempotency_key: key, tool_call_id: "tc_1", server: "stripe", kind: "refund",
      amount: 5000, currency: "MXN", home_currency: "USD", cross_border: true, fx_rate: "0.055", fx_source: "sandbox-fixed", amount_usd: 275,
      fee_base: 10, fee_fx: 1, fee_total: 11, fee_currency: "USD", created_at: "2026-11-10T12:00:00.000Z", ...over,
    });

    it("writes a usage row once per (project, idempotency key) and reads it back exactly", async () => {
      expect(await store.usage.insert(usage("k1"))).toBe(true);
      expect(await store.usage.insert(usage("k1", { id: "usage_other", amount: 1 }))).toBe(false);
      expect(await store.usage.insert(usage("k1", { project_id: "proj_b" }))).toBe(true);
      expect(await store.usage.get("proj_a", "k1")).toEqual(usage("k1"));
      expect((await store.usage.get("proj_a", "k1"))?.cross_border).toBe(true);
      await store.usage.insert(usage("k2", { cross_border: false, fx_rate: null, fx_source: "missing", amount_usd: null }));
      expect(await store.usage.get("proj_a", "k2")).toMatchObject({ cross_border: false, fx_rate: null, amount_usd: null });
    });

    it("sums usage per (server, currency) within [from, to) of one project", async () => {
      await store.usage.insert(usage("k1"));
      await store.usage.insert(usage("k2", { amount: 100, fee_total: 10, fee_fx: 0 }));
      await store.usage.insert(usage("k3", { server: "asaas", currency: "BRL" }));
      await store.usage.insert(usage("k4", { created_at: "2026-12-01T00:00:00.000Z" }));
      await store.usage.insert(usage("k5", { project_id: "proj_b" }));
      expect(await store.usage.summarize("proj_a", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z")).toEqual([
        { server: "asaas", currency: "BRL", count: 1, amount: 5000, fee_base: 10, fee_fx: 1, fee_total: 11 },
        { server: "stripe", currency: "MXN", count: 2, amount: 5100, fee_base: 20, fee_fx: 1, fee_total: 21 },
      ]);
    });

    const record = (seq: number, prev: string): AuditRecord => ({
      seq, at: "2026-11-10T12:00:00.000Z", project_id: "proj_a", actor: "a", action: "x", subject: "s", data: { n: seq, nested: { k: [1] } }, prev_hash: prev, hash: `h${seq}`,
    });

    it("appends from the last record and lists in seq order from a cursor", async () => {
      const seen: (AuditRecord | undefined)[] = [];
      for (let i = 0; i < 3; i++) {
        await store.auditLog.append((last) => {
          seen.push(last);
          return record((last?.seq ?? 0) + 1, last?.hash ?? "genesis");
        });
      }
      expect(seen.map((s) => s?.seq)).toEqual([undefined, 1, 2]);
      expect(await store.auditLog.list(0, 10)).toEqual([record(1, "genesis"), record(2, "h1"), record(3, "h2")]);
      expect((await store.auditLog.list(1, 1)).map((r) => r.seq)).toEqual([2]);
    });

    it("refuses a second record with the same seq rather than forking the chain", async () => {
      await store.auditLog.append(() => record(1, "genesis"));
      await expect(store.auditLog.append(() => record(1, "genesis"))).rejects.toThrow();
      expect(await store.auditLog.list(0, 10)).toHaveLength(1);
    });
  });
}
