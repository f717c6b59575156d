import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSqliteStore, type Store } from "@codespar/server";
import type { FastifyBaseLogger } from "fastify";
import { createBilling } from "../../src/billing/billing.js";
import type { UsageService } from "../../src/billing/usage-service.js";
import { defaultServerConfig } from "../../src/config/server-config.js";
import { LedgerEvents } from "../../src/ledger/ledger-events.js";
import type { RefundAttemptRecord } from "../../src/storage/index.js";

const warnings: unknown[] = [];
const log = { warn: (o: unknown) => warnings.push(o) } as unknown as FastifyBaseLogger;
const now = new Date().toISOString();
const period = { from: "2000-01-01T00:00:00.000Z", to: "2100-01-01T00:00:00.000Z" };

const refund = (key: string, over: Partial<RefundAttemptRecord> = {}): RefundAttemptRecord => ({
  project_id: "proj_usd", idempotency_key: key, server: "mercadopago", connection_id: "conn_1", payment_id: "123", amount: 5000,
  state: "succeeded", refund_id: "r1", refunded_amount: 5000, currency: "BRL", error_code: null, attempts: 1,
  first_tool_call_id: "tc_first", last_tool_call_id: "tc_last", created_at: now, updated_at: now, ...over,
});

describe("usage recorder on refund.state", () => {
  let store: Store;
  let events: LedgerEvents;
  let usage: UsageService;
  const announce = (record: RefundAttemptRecord, source: "call" | "webhook" = "call") => events.emit("refund.state", { record, previousState: "in_flight", source });
  const project = async (id: string) => (await store.projects.get(id))!;

  beforeEach(async () => {
    warnings.length = 0;
    store = createSqliteStore(":memory:");
    await store.projects.insert({ id: "proj_usd", name: "usd", home_currency: "USD", created_at: now });
    await store.projects.insert({ id: "proj_brl", name: "brl", home_currency: "BRL", created_at: now });
    events = new LedgerEvents();
    usage = createBilling(store, events, defaultServerConfig({ dataDir: ":memory:" }), log);
  });
  afterEach(async () => store.close());

  it("bills a succeeded refund once, whatever announces it again", async () => {
    await announce(refund("k1"));
    await announce(refund("k1"));
    await announce(refund("k1"), "webhook");
    expect(await store.usage.get("proj_usd", "k1")).toMatchObject({
      tool_call_id: "tc_first", server: "mercadopago", kind: "refund", amount: 5000, currency: "BRL", home_currency: "USD",
      cross_border: true, fx_rate: "0.20", fx_source: "sandbox-fixed", amount_usd: 1000, fee_base: 10, fee_fx: 5, fee_total: 15, fee_currency: "USD",
    });
    expect((await usage.report(await project("proj_usd"), period)).totals.count).toBe(1);
  });

  it("never bills failed, pending, unknown or in-flight refunds", async () => {
    for (const state of ["failed", "pending", "unknown", "in_flight"] as const) await announce(refund(`k_${state}`, { state }));
    expect((await usage.report(await project("proj_usd"), period)).totals.count).toBe(0);
  });

  it("takes the home currency from the project", async () => {
    await announce(refund("k2", { project_id: "proj_brl" }));
    expect(await store.usage.get("proj_brl", "k2")).toMatchObject({ home_currency: "BRL", cross_border: false, fee_fx: 0, fee_total: 10 });
  });

  it("records a currency without a rate as missing, base fee only, and warns", async () => {
    await announce(refund("k3", { currency: "UYX" }));
    expect(await store.usage.get("proj_usd", "k3")).toMatchObject({ fx_rate: null, fx_source: "missing", amount_usd: null, fee_fx: 0, fee_total: 10, cross_border: true });
    expect(warnings).toHaveLength(1);
  });

  it("reports per provider: counts, amounts per currency, fees", async () => {
    await announce(refund("a", { server: "asaas", refunded_amount: 5000 }));
    await announce(refund("b", { server: "mercadopago", refunded_amount: 2500 }));
    await announce(refund("c", { server: "mercadopago", refunded_amount: 5000, currency: "MXN" }));
    await announce(refund("d", { server: "stripe", refunded_amount: 700, currency: "USD" }));
    const report = await usage.report(await project("proj_usd"), period);
    expect(report).toEqual({
      ...period,
      home_currency: "USD",
      providers: [
        { server: "asaas", count: 1, amounts: [{ currency: "BRL", amount: 5000 }], fees: { base: 10, fx: 5, total: 15, currency: "USD" } },
        { server: "mercadopago", count: 2, amounts: [{ currency: "BRL", amount: 2500 }, { currency: "MXN", amount: 5000 }], fees: { base: 20, fx: 3, total: 23, currency: "USD" } },
        { server: "stripe", count: 1, amounts: [{ currency: "USD", amount: 700 }], fees: { base: 10, fx: 0, total: 10, currency: "USD" } },
      ],
      totals: { count: 4, fees: { base: 40, fx: 8, total: 48, currency: "USD" } },
    });
    const empty = await usage.report(await project("proj_usd"), { from: "2001-01-01T00:00:00.000Z", to: "2001-02-01T00:00:00.000Z" });
    expect(empty.providers).toEqual([]);
  });
});
