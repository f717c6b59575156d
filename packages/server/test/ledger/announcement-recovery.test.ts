import type { FastifyBaseLogger } from "fastify";
import type { PaymentProvider, RefundOutcome } from "@codespar/providers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildApp, defaultServerConfig as serverConfig, verifyAuditChain, type Store } from "@codespar/server";
import { createAuditTrail } from "../../src/audit/audit.js";
import { createBilling } from "../../src/billing/billing.js";
import { defaultServerConfig } from "../../src/config/server-config.js";
import type { ConnectionService } from "../../src/connections/connection-service.js";
import { AnnouncementRecovery } from "../../src/ledger/announcement-recovery.js";
import { LedgerEvents } from "../../src/ledger/ledger-events.js";
import { RefundService } from "../../src/ledger/refund-service.js";
import type { Route } from "../../src/router/payment-router.js";
import { SettlementService } from "../../src/settlement/settlement-service.js";
import type { NewRefundAttempt } from "../../src/storage/index.js";
import { ON_POSTGRES, openTestStore } from "../helpers/test-store.js";

const now = "2026-11-27T10:00:00.000Z";
const errors: unknown[] = [];
const log = { info: () => undefined, warn: () => undefined, error: (o: unknown) => errors.push(o) } as unknown as FastifyBaseLogger;

const row = (key: string, over: Partial<NewRefundAttempt> = {}): NewRefundAttempt => ({
  project_id: "proj_a", idempotency_key: key, server: "stripe", connection_id: "conn_1", payment_id: `pi_${key}`, amount: 5000,
  state: "in_flight", refund_id: null, refunded_amount: null, currency: null, error_code: null, attempts: 1,
  first_tool_call_id: "tc_1", last_tool_call_id: "tc_1", created_at: now, updated_at: now, ...over,
});

/** The provider says what the test wants; the store, billing, audit and settlement are the real ones. */
function providerAnswering(state: RefundOutcome["state"]): PaymentProvider {
  return {
    refund: async (input) => ({ refundId: `re_${input.idempotencyKey}`, paymentId: input.paymentId, amount: 5000, currency: "BRL", state, replayed: false, providerStatus: state, raw: null }),
  } as PaymentProvider;
}

describe(`announcement recovery on ${ON_POSTGRES ? "PostgreSQL" : "SQLite"}`, () => {
  let store: Store;
  let events: LedgerEvents;
  let settlement: SettlementService;
  let recovery: AnnouncementRecovery;

  const audit = async (key: string) => (await store.auditLog.list(0, 1000)).filter((r) => r.subject === key && r.action !== "refund.attempt");
  const usageCount = async () => (await store.usage.summarize("proj_a", "2000-01-01", "2100-01-01")).reduce((n, r) => n + r.count, 0);
  const refundVia = (provider: PaymentProvider, key: string) => {
    const connections = { providerFor: () => provider } as unknown as ConnectionService;
    const route = { server: "stripe", connection: { id: "conn_1" }, via: "explicit" } as unknown as Route;
    return new RefundService(store, connections, events).refund({ projectId: "proj_a", route, toolCallId: "tc_1", paymentId: `pi_${key}`, amount: 5000, idempotencyKey: key, oncePerDay: false });
  };

  beforeEach(async () => {
    errors.length = 0;
    store = await openTestStore();
    await store.projects.insert({ id: "proj_a", name: "a", home_currency: "USD", created_at: now });
    events = new LedgerEvents();
    // Subscribed in the app's order: billing, audit, settlement.
    createBilling(store, events, defaultServerConfig({ dataDir: ":memory:" }), log);
    createAuditTrail(store, events);
    settlement = new SettlementService(store, events);
    recovery = new AnnouncementRecovery(store, events, log);
  });
  afterEach(async () => store.close());

  it("bills and audits a success whose announcement a crash cut short, once", async () => {
    await store.refundAttempts.claim(row("k1"));
    // The call's write, then the crash: no refund.state was emitted.
    await store.refundAttempts.update("proj_a", "k1", { state: "succeeded", refund_id: "re_1", refunded_amount: 5000, currency: "BRL", updated_at: now });
    expect(await usageCount()).toBe(0);

    expect(await recovery.run()).toBe(1);
    expect(await usageCount()).toBe(1);
    expect(await store.usage.get("proj_a", "k1")).toMatchObject({ amount: 5000, currency: "BRL", tool_call_id: "tc_1" });
    const records = await audit("k1");
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ actor: "recovery", action: "refund.succeeded", data: { source: "recovery", previous_state: "in_flight", refunded_amount: 5000 } });

    expect(await recovery.run()).toBe(0);
    expect(await usageCount()).toBe(1);
    expect(await audit("k1")).toHaveLength(1);
    expect((await verifyAuditChain(store)).ok).toBe(true);
  });

  it("announces nothing again for a refund call or a settlement that announced to the end", async () => {
    expect((await refundVia(providerAnswering("succeeded"), "k2")).success).toBe(true);
    expect((await refundVia(providerAnswering("pending"), "k3")).success).toBe(true);
    const pending = (await store.refundAttempts.get("proj_a", "k3"))!;
    expect(await store.refundAttempts.unannounced(10)).toEqual([]);

    await settlement.settleRow(pending, { state: "succeeded", providerStatus: "succeeded", refundId: "re_k3", amount: 5000, currency: "BRL" }, {
      projectId: "proj_a", server: "stripe", source: "webhook", type: "refund.updated", providerEventId: "evt_1", recordUnchanged: true,
    });
    expect(await store.refundAttempts.get("proj_a", "k3")).toMatchObject({ state: "succeeded", announced_state: "succeeded" });

    const before = (await store.auditLog.list(0, 1000)).length;
    expect(await recovery.run()).toBe(0);
    expect((await store.auditLog.list(0, 1000)).length).toBe(before);
    expect((await audit("k2")).map((r) => r.actor)).toEqual(["tool_call:tc_1"]);
    expect(await usageCount()).toBe(2);
  });

  it("announces a settlement's change from the state announced before it, and leaves in-flight rows to their re-run", async () => {
    expect((await refundVia(providerAnswering("pending"), "k4")).success).toBe(true);
    // A webhook's compare-and-set moved the row, and the process died before announcing it.
    await store.settlement.transitionRefund("proj_a", "k4", "pending", { state: "failed", refund_id: null, refunded_amount: null, currency: null, error_code: "refund_failed", updated_at: now });
    await store.refundAttempts.claim(row("k5"));

    expect(await recovery.run()).toBe(1);
    expect((await audit("k4")).map((r) => [r.actor, r.action, (r.data as { previous_state: string }).previous_state])).toEqual([
      ["tool_call:tc_1", "refund.pending", "in_flight"],
      ["recovery", "refund.failed", "pending"],
    ]);
    expect(await store.refundAttempts.get("proj_a", "k5")).toMatchObject({ state: "in_flight", announced_state: null });
    expect(await audit("k5")).toEqual([]);
  });

  it("goes through every page, and leaves a row whose listener failed for the next start", async () => {
    for (let i = 0; i < 5; i++) {
      await store.refundAttempts.claim(row(`p${i}`));
      await store.refundAttempts.update("proj_a", `p${i}`, { state: "failed", error_code: "refund_failed", updated_at: `2026-11-27T10:00:0${i}.000Z` });
    }
    let failing = true;
    events.on("refund.state", (e) => {
      if (failing && e.record.idempotency_key === "p1") throw new Error("database unavailable");
    });

    expect(await new AnnouncementRecovery(store, events, log, 2).run()).toBe(4);
    expect(errors).toHaveLength(1);
    expect((await store.refundAttempts.unannounced(10)).map((r) => r.idempotency_key)).toEqual(["p1"]);

    failing = false;
    expect(await new AnnouncementRecovery(store, events, log, 2).run()).toBe(1);
    expect(await store.refundAttempts.unannounced(10)).toEqual([]);
  });
});

describe(`server start on ${ON_POSTGRES ? "PostgreSQL" : "SQLite"}`, () => {
  it("announces what a crash left unannounced before it is ready", async () => {
    const store = await openTestStore();
    await store.projects.insert({ id: "proj_a", name: "a", home_currency: "USD", created_at: now });
    await store.refundAttempts.claim(row("k6"));
    await store.refundAttempts.update("proj_a", "k6", { state: "succeeded", refund_id: "re_6", refunded_amount: 5000, currency: "BRL", updated_at: now });
    // The app closes the store it was given.
    const { app } = await buildApp({ config: serverConfig({ dataDir: ":memory:", logLevel: "silent", settlementPollIntervalMs: 0 }), store });
    try {
      await app.ready();
      expect(await store.usage.get("proj_a", "k6")).toBeDefined();
      expect((await store.auditLog.list(0, 100)).map((r) => [r.actor, r.action, r.subject])).toEqual([["recovery", "refund.succeeded", "k6"]]);
      expect(await store.refundAttempts.unannounced(10)).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
