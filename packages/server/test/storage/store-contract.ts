import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "@codespar/server";

/**
 * The behaviour every Store must have, written once and run against each implementation
 * (SQLite here; PostgreSQL joins with the issue "Beyond one machine").
 */
export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`${name} store`, () => {
    let store: Store;
    const now = "2026-11-27T10:00:00.000Z";
    beforeEach(async () => {
      store = await open();
      await store.projects.insert({ id: "proj_a", name: "a", home_currency: "USD", created_at: now });
      await store.projects.insert({ id: "proj_b", name: "b", home_currency: "BRL", created_at: now });
    });
    afterEach(async () => store.close());

    const session = (id: string, project = "proj_a") => ({
      id, project_id: project, user_id: "u", mode: "test" as const, servers: ["stripe"], metadata: { k: 1 },
      status: "active" as const, created_at: now, last_active_at: now, expires_at: now, closed_at: null,
    });
    const refund = (key: string, over: Record<string, unknown> = {}) => ({
      project_id: "proj_a", idempotency_key: key, server: "stripe", connection_id: "conn_1", payment_id: "pi_1", amount: 500,
      state: "in_flight" as const, refund_id: null, refunded_amount: null, currency: null, error_code: null, attempts: 0,
      first_tool_call_id: "tc_1", last_tool_call_id: "tc_1", created_at: now, updated_at: now, ...over,
    });

    it("finds projects by id and by name, and refuses a duplicate name", async () => {
      expect((await store.projects.getByName("b"))?.home_currency).toBe("BRL");
      expect(await store.projects.get("proj_missing")).toBeUndefined();
      await expect(store.projects.insert({ id: "proj_c", name: "a", home_currency: "USD", created_at: now })).rejects.toThrow();
    });

    it("finds keys by hash only", async () => {
      await store.apiKeys.insert({ id: "key_1", project_id: "proj_a", mode: "test", display_prefix: "csk_test_ab…", key_hash: "h1", created_at: now, revoked_at: null });
      expect((await store.apiKeys.findByHash("h1"))?.project_id).toBe("proj_a");
      expect(await store.apiKeys.findByHash("h2")).toBeUndefined();
    });

    it("keeps session JSON fields, scopes by project, lists newest first with a cursor", async () => {
      for (const id of ["ses_1", "ses_2", "ses_3"]) await store.sessions.insert(session(id));
      await store.sessions.insert(session("ses_9", "proj_b"));
      expect((await store.sessions.get("proj_a", "ses_1"))?.metadata).toEqual({ k: 1 });
      expect(await store.sessions.get("proj_b", "ses_1")).toBeUndefined();
      expect((await store.sessions.list("proj_a", { limit: 2 })).map((s) => s.id)).toEqual(["ses_3", "ses_2"]);
      expect((await store.sessions.list("proj_a", { before: "ses_2", limit: 5 })).map((s) => s.id)).toEqual(["ses_1"]);
    });

    it("moves expiry only on active sessions and closes once", async () => {
      await store.sessions.insert(session("ses_1"));
      await store.sessions.setStatus("ses_1", "closed", "2026-11-27T11:00:00.000Z");
      await store.sessions.touch("ses_1", "2026-11-27T12:00:00.000Z", "2026-11-27T12:30:00.000Z");
      await store.sessions.setStatus("ses_1", "expired", "2026-11-27T13:00:00.000Z");
      const s = await store.sessions.get("proj_a", "ses_1");
      expect(s).toMatchObject({ status: "closed", closed_at: "2026-11-27T11:00:00.000Z", last_active_at: now });
    });

    it("records a tool call as running, then completes it", async () => {
      await store.toolCalls.insert({
        id: "tc_1", project_id: "proj_a", session_id: "ses_1", batch_item_id: null, tool: "codespar_pay", action: "refund", server: null,
        input: { amount: 5 }, output: null, metadata: { source: "x" }, status: "running", error_code: null, error_message: null,
        idempotency_key: null, duration_ms: null, created_at: now, completed_at: null,
      });
      await store.toolCalls.complete("tc_1", { server: "stripe", output: { refund_id: "re_1" }, status: "success", error_code: null, error_message: null, idempotency_key: "k", duration_ms: 12, completed_at: now });
      expect(await store.toolCalls.get("proj_a", "tc_1")).toMatchObject({ status: "success", server: "stripe", output: { refund_id: "re_1" }, input: { amount: 5 }, duration_ms: 12 });
      expect(await store.toolCalls.get("proj_b", "tc_1")).toBeUndefined();
      expect(await store.toolCalls.countForProject("proj_a")).toBe(1);
    });

    it("keeps one connection per project, server and mode", async () => {
      const c = { id: "conn_1", project_id: "proj_a", server: "stripe", mode: "test", base_url: "http://x", credentials_sealed: "s1", rate_limit_per_s: null, created_at: now, updated_at: now };
      const first = await store.connections.upsert(c);
      const second = await store.connections.upsert({ ...c, id: "conn_2", base_url: "http://y", updated_at: "2026-11-27T11:00:00.000Z" });
      expect(second.id).toBe(first.id);
      expect(second.base_url).toBe("http://y");
      expect(await store.connections.list("proj_a")).toHaveLength(1);
      expect(await store.connections.find("proj_a", "stripe", "live")).toBeUndefined();
      expect(await store.connections.remove("proj_b", first.id)).toBe(false);
      expect(await store.connections.remove("proj_a", first.id)).toBe(true);
    });

    it("claims a refund key once, even when claims race", async () => {
      const claims = await Promise.all([store.refundAttempts.claim(refund("k1")), store.refundAttempts.claim(refund("k1", { first_tool_call_id: "tc_2" }))]);
      expect(claims.filter((c) => c.created)).toHaveLength(1);
      expect(claims[1]!.record.first_tool_call_id).toBe("tc_1");
      await store.refundAttempts.update("proj_a", "k1", { state: "succeeded", refund_id: "re_1", refunded_amount: 500, currency: "USD", attempts: 1 });
      expect(await store.refundAttempts.get("proj_a", "k1")).toMatchObject({ state: "succeeded", refund_id: "re_1", attempts: 1 });
      expect(await store.refundAttempts.get("proj_b", "k1")).toBeUndefined();
    });

    it("lists a payment's live refunds within a time window", async () => {
      await store.refundAttempts.claim(refund("k1"));
      await store.refundAttempts.claim(refund("k2", { created_at: "2026-11-26T10:00:00.000Z" }));
      await store.refundAttempts.claim(refund("k3", { state: "failed" }));
      const today = await store.refundAttempts.listForPayment("proj_a", "pi_1", "2026-11-27T00:00:00.000Z", "2026-11-28T00:00:00.000Z");
      expect(today.map((r) => r.idempotency_key)).toEqual(["k1"]);
    });

    it("finds refund rows changed and not announced, least recently updated first, until marked", async () => {
      const later = "2026-11-27T11:00:00.000Z";
      const { record } = await store.refundAttempts.claim(refund("k1"));
      expect(record.announced_state).toBeNull();
      await store.refundAttempts.claim(refund("k2"));
      // In flight belongs to its call: never listed.
      expect(await store.refundAttempts.unannounced(10)).toEqual([]);
      await store.refundAttempts.update("proj_a", "k1", { state: "succeeded", refund_id: "re_1", refunded_amount: 500, currency: "USD", updated_at: later });
      await store.refundAttempts.update("proj_a", "k2", { state: "failed", error_code: "refund_failed", updated_at: now });
      expect((await store.refundAttempts.unannounced(10)).map((r) => [r.idempotency_key, r.state, r.announced_state])).toEqual([["k2", "failed", null], ["k1", "succeeded", null]]);
      expect((await store.refundAttempts.unannounced(1)).map((r) => r.idempotency_key)).toEqual(["k2"]);
      // Compare-and-set: marking a state the row is not in changes nothing.
      await store.refundAttempts.markAnnounced("proj_a", "k1", "pending");
      await store.refundAttempts.markAnnounced("proj_b", "k1", "succeeded");
      expect(await store.refundAttempts.unannounced(10)).toHaveLength(2);
      await store.refundAttempts.markAnnounced("proj_a", "k1", "succeeded");
      expect(await store.refundAttempts.get("proj_a", "k1")).toMatchObject({ state: "succeeded", announced_state: "succeeded" });
      expect((await store.refundAttempts.unannounced(10)).map((r) => r.idempotency_key)).toEqual(["k2"]);
      await store.refundAttempts.markAnnounced("proj_a", "k2", "failed");
      expect(await store.refundAttempts.unannounced(10)).toEqual([]);
    });

    it("finds a state unannounced again once written again, even the same state as announced before", async () => {
      await store.refundAttempts.claim(refund("k1"));
      await store.refundAttempts.update("proj_a", "k1", { state: "unknown", error_code: "outcome_unknown" });
      await store.refundAttempts.markAnnounced("proj_a", "k1", "unknown");
      // A re-run: in flight, then unknown again, and a crash before its announcement.
      await store.refundAttempts.update("proj_a", "k1", { state: "in_flight", attempts: 2 });
      await store.refundAttempts.update("proj_a", "k1", { state: "unknown", attempts: 2 });
      expect((await store.refundAttempts.unannounced(10)).map((r) => r.idempotency_key)).toEqual(["k1"]);
      // Patches that leave the state alone leave the announcement alone.
      await store.refundAttempts.markAnnounced("proj_a", "k1", "unknown");
      await store.refundAttempts.update("proj_a", "k1", { last_tool_call_id: "tc_2" });
      expect(await store.refundAttempts.unannounced(10)).toEqual([]);
    });

    it("records the first route of a payment and keeps it", async () => {
      await store.paymentRoutes.record({ project_id: "proj_a", payment_id: "123456", server: "mercadopago", created_at: now });
      await store.paymentRoutes.record({ project_id: "proj_a", payment_id: "123456", server: "stripe", created_at: now });
      expect((await store.paymentRoutes.find("proj_a", "123456"))?.server).toBe("mercadopago");
      expect(await store.paymentRoutes.find("proj_b", "123456")).toBeUndefined();
    });
  });
}
