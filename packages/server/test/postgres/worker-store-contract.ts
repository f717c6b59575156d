import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BatchItemRecord, BatchRecord, Store } from "@codespar/server";

/**
 * What workers on several machines ask of a store: batches whose items are claimed, leased,
 * taken over and completed exactly once, refund leases, and the settlement rows the poller and
 * webhooks share. Run on SQLite and PostgreSQL. `openSecond` opens another handle on the same
 * data, as a second process would (PostgreSQL: another pool), to race them against each other.
 */
export function workerStoreContract(name: string, open: () => Promise<{ store: Store; openSecond: () => Promise<Store> }>): void {
  describe(`${name} store: batches, leases, settlement`, () => {
    let store: Store;
    let openSecond: () => Promise<Store>;
    const extra: Store[] = [];
    const t0 = "2026-11-27T10:00:00.000Z";
    const later = (s: number) => new Date(Date.parse(t0) + s * 1000).toISOString();

    beforeEach(async () => {
      ({ store, openSecond } = await open());
      await store.projects.insert({ id: "proj_a", name: "a", home_currency: "USD", created_at: t0 });
    });
    afterEach(async () => {
      for (const s of extra.splice(0)) await s.close();
      await store.close();
    });

    const batch = (id: string, total: number): BatchRecord => ({
      id, project_id: "proj_a", mode: "test", tool: "codespar_pay", session_id: null, servers: ["stripe"], metadata: { m: 1 },
      concurrency: 4, total, status: "running", completions: 0, created_at: t0, updated_at: t0, completed_at: null,
    });
    const items = (batchId: string, n: number): BatchItemRecord[] => Array.from({ length: n }, (_, seq) => ({
      id: `${batchId}_${seq}`, batch_id: batchId, project_id: "proj_a", seq, input: { action: "refund", payment_id: `pi_${seq}` },
      status: "queued", attempts: 0, tool_call_id: null, result: null, error_code: null, error_message: null, server: null,
      completion_index: null, created_at: t0, updated_at: t0, completed_at: null,
    }));
    const done = (status: "succeeded" | "failed" = "succeeded") => ({
      status, tool_call_id: "tc_1", result: { success: status === "succeeded" }, error_code: null, error_message: null, server: "stripe", completed_at: later(1),
    });

    it("stores a large batch in one piece and pages its items in order", async () => {
      await store.batches.insert(batch("bat_1", 2500), items("bat_1", 2500));
      expect((await store.batches.counts("bat_1")).queued).toBe(2500);
      const page = await store.batches.items("bat_1", { afterSeq: 999, limit: 3 });
      expect(page.map((i) => i.seq)).toEqual([1000, 1001, 1002]);
      expect(page[0]?.input).toEqual({ action: "refund", payment_id: "pi_1000" });
      expect((await store.batches.get("proj_a", "bat_1"))?.metadata).toEqual({ m: 1 });
      expect((await store.batches.listRunning()).map((b) => b.id)).toEqual(["bat_1"]);
    });

    it("gives one item to one of several racing claimers", async () => {
      await store.batches.insert(batch("bat_1", 1), items("bat_1", 1));
      const second = await openSecond();
      extra.push(second);
      const lease = (owner: string) => ({ owner, until: later(30) });
      const claims = await Promise.all([
        store.batches.claimLeased("bat_1_0", t0, lease("w1")),
        second.batches.claimLeased("bat_1_0", t0, lease("w2")),
        store.batches.claim("bat_1_0", t0),
      ]);
      const winners = claims.filter((c) => c !== undefined && (!("outcome" in c) || c.outcome === "claimed"));
      expect(winners).toHaveLength(1);
      expect((await store.batches.counts("bat_1")).running).toBe(1);
    });

    it("takes over an item only once its lease has ended, and never one claimed without a lease", async () => {
      await store.batches.insert(batch("bat_1", 2), items("bat_1", 2));
      const first = await store.batches.claimLeased("bat_1_0", t0, { owner: "w1", until: later(10) });
      expect(first).toMatchObject({ outcome: "claimed", item: { status: "running", attempts: 1 } });
      expect(await store.batches.claimLeased("bat_1_0", later(5), { owner: "w2", until: later(15) })).toEqual({ outcome: "leased", until: later(10) });
      expect(await store.batches.renewLease("bat_1_0", { owner: "w2", until: later(40) })).toBe(false);
      expect(await store.batches.renewLease("bat_1_0", { owner: "w1", until: later(20) })).toBe(true);
      expect((await store.batches.claimLeased("bat_1_0", later(15), { owner: "w2", until: later(45) })).outcome).toBe("leased");
      const taken = await store.batches.claimLeased("bat_1_0", later(21), { owner: "w2", until: later(51) });
      expect(taken).toMatchObject({ outcome: "claimed", item: { attempts: 2 } });
      // The embedded runner claims without a lease: its item is never taken from it.
      await store.batches.claim("bat_1_1", t0);
      expect(await store.batches.claimLeased("bat_1_1", later(999), { owner: "w2", until: later(1000) })).toEqual({ outcome: "leased", until: null });
    });

    it("completes an item once, numbering completions for the event stream, and reports it finished", async () => {
      await store.batches.insert(batch("bat_1", 3), items("bat_1", 3));
      for (const id of ["bat_1_0", "bat_1_1"]) {
        await store.batches.claimLeased(id, t0, { owner: "w1", until: later(10) });
        await store.batches.complete(id, "bat_1", done());
      }
      expect(await store.batches.claimLeased("bat_1_0", later(60), { owner: "w2", until: later(70) })).toEqual({ outcome: "finished" });
      expect((await store.batches.completedSince("bat_1", 0, 10)).map((i) => [i.id, i.completion_index])).toEqual([["bat_1_0", 1], ["bat_1_1", 2]]);
      expect((await store.batches.get("proj_a", "bat_1"))?.completions).toBe(2);
      expect(await store.batches.unfinishedItemIds("bat_1")).toEqual(["bat_1_2"]);
    });

    it("requeues failed and running items and cancels queued ones", async () => {
      await store.batches.insert(batch("bat_1", 3), items("bat_1", 3));
      await store.batches.claim("bat_1_0", t0);
      await store.batches.complete("bat_1_0", "bat_1", done("failed"));
      await store.batches.claim("bat_1_1", t0);
      expect(await store.batches.requeueFailed("bat_1", later(1))).toEqual(["bat_1_0"]);
      expect(await store.batches.requeueRunning("bat_1", later(1))).toBe(1);
      expect(await store.batches.cancelQueued("bat_1", later(2))).toBe(3);
      await store.batches.setStatus("bat_1", "cancelled", later(2));
      expect(await store.batches.get("proj_a", "bat_1")).toMatchObject({ status: "cancelled", completed_at: later(2) });
      await store.batches.setStatus("bat_1", "running", later(3));
      expect((await store.batches.get("proj_a", "bat_1"))?.completed_at).toBeNull();
    });

    const refund = (key: string) => ({
      project_id: "proj_a", idempotency_key: key, server: "stripe", connection_id: "conn_1", payment_id: "pi_1", amount: 500,
      state: "in_flight" as const, refund_id: null, refunded_amount: null, currency: null, error_code: null, attempts: 0,
      first_tool_call_id: "tc_1", last_tool_call_id: "tc_1", created_at: t0, updated_at: t0,
    });

    it("leases a refund to one process at a time until it is released or runs out", async () => {
      await store.refundAttempts.claim(refund("k1"));
      // A claimed row has announced nothing yet.
      const claimed = { ...refund("k1"), announced_state: null };
      const second = await openSecond();
      extra.push(second);
      const race = await Promise.all([
        store.refundAttempts.acquireLease("proj_a", "k1", "p1", later(30), t0),
        second.refundAttempts.acquireLease("proj_a", "k1", "p2", later(30), t0),
      ]);
      expect(race.filter(Boolean)).toHaveLength(1);
      expect(race.find(Boolean)).toEqual(claimed);
      const holder = race[0] ? "p1" : "p2";
      const other = holder === "p1" ? "p2" : "p1";
      expect(Boolean(await store.refundAttempts.acquireLease("proj_a", "k1", holder, later(60), later(10)))).toBe(true);
      expect(Boolean(await store.refundAttempts.acquireLease("proj_a", "k1", other, later(40), later(35)))).toBe(false);
      await store.refundAttempts.releaseLease("proj_a", "k1", other);
      expect(Boolean(await store.refundAttempts.acquireLease("proj_a", "k1", other, later(40), later(35)))).toBe(false);
      expect(Boolean(await store.refundAttempts.acquireLease("proj_a", "k1", other, later(90), later(61)))).toBe(true);
      await store.refundAttempts.releaseLease("proj_a", "k1", other);
      expect(Boolean(await store.refundAttempts.acquireLease("proj_a", "k1", holder, later(100), later(62)))).toBe(true);
      expect(await store.refundAttempts.get("proj_a", "k1")).toEqual(claimed);
    });

    it("chains audit records from two handles without forking or gaps", async () => {
      const second = await openSecond();
      extra.push(second);
      const append = (s: Store, n: number) => s.auditLog.append((last) => ({
        seq: (last?.seq ?? 0) + 1, at: t0, project_id: "proj_a", actor: "a", action: "x", subject: String(n), data: { n }, prev_hash: last?.hash ?? "genesis", hash: `h${(last?.seq ?? 0) + 1}`,
      }));
      await Promise.all(Array.from({ length: 20 }, (_, n) => append(n % 2 ? second : store, n)));
      const chain = await store.auditLog.list(0, 100);
      expect(chain.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      chain.forEach((r, i) => expect(r.prev_hash).toBe(i === 0 ? "genesis" : `h${i}`));
    });

    it("keeps settlement events, deliveries and checks as the poller and webhooks expect", async () => {
      await store.refundAttempts.claim({ ...refund("k1"), state: "pending" as never, refund_id: "re_1" });
      const event = { id: "se_1", project_id: "proj_a", idempotency_key: "k1", source: "webhook" as const, type: "refund.updated", state: "succeeded" as const, provider_event_id: "evt_1", at: t0, data: { a: 1 } };
      expect(await store.settlement.appendEvent(event)).toBe(true);
      expect(await store.settlement.appendEvent({ ...event, id: "se_2" })).toBe(false);
      expect(await store.settlement.appendEvent({ ...event, id: "se_3", provider_event_id: null })).toBe(true);
      expect((await store.settlement.listEvents("proj_a", "k1")).map((e) => e.id)).toEqual(["se_1", "se_3"]);
      const delivery = { connection_id: "conn_1", provider_event_id: "evt_1", project_id: "proj_a", server: "stripe", event_type: "refund.updated", raw_body: "{}", received_at: t0, processed_at: null };
      expect((await store.settlement.recordDelivery(delivery)).created).toBe(true);
      await store.settlement.markDeliveryProcessed("conn_1", "evt_1", later(1));
      expect(await store.settlement.recordDelivery(delivery)).toMatchObject({ created: false, delivery: { processed_at: later(1) } });
      expect((await store.settlement.refundByRefundId("proj_a", "stripe", "re_1"))?.idempotency_key).toBe("k1");

      const due = await store.settlement.dueChecks(t0, 10);
      expect(due).toEqual([{ refund: expect.objectContaining({ idempotency_key: "k1", state: "pending" }), check: null }]);
      expect(await store.settlement.claimCheck("proj_a", "k1", null, later(5))).toBe(true);
      expect(await store.settlement.claimCheck("proj_a", "k1", null, later(5))).toBe(false);
      expect(await store.settlement.dueChecks(later(1), 10)).toEqual([]);
      const [again] = await store.settlement.dueChecks(later(6), 10);
      expect(again?.check).toEqual({ project_id: "proj_a", idempotency_key: "k1", checks: 0, next_check_at: later(5), gave_up_at: null });

      const patch = { state: "succeeded" as const, refund_id: "re_other", refunded_amount: 500, currency: "USD", error_code: null, updated_at: later(7) };
      expect(await store.settlement.transitionRefund("proj_a", "k1", "pending", patch)).toBe(true);
      expect(await store.settlement.transitionRefund("proj_a", "k1", "pending", patch)).toBe(false);
      expect(await store.refundAttempts.get("proj_a", "k1")).toMatchObject({ state: "succeeded", refund_id: "re_1", refunded_amount: 500 });
    });
  });
}
