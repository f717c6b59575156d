import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "@codespar/sandbox";
import { createSqliteStore, openStore, type Store } from "@codespar/server";
import { ConnectionService } from "../../src/connections/connection-service.js";
import { CredentialSealer } from "../../src/connections/credential-sealer.js";
import { LedgerEvents } from "../../src/ledger/ledger-events.js";
import { RefundService } from "../../src/ledger/refund-service.js";
import type { Route } from "../../src/router/payment-router.js";
import { createTestDatabase, createTestSchema, type TestDatabase } from "./pg-test-database.js";
import { describeWithServices, missingServices } from "./service-gate.js";

/**
 * Two processes sharing one database, each with its own RefundService (own key lock, own lease
 * owner), asked for the same refund: the lease, not the in-process lock, keeps it to one
 * provider refund. Run on SQLite (two handles on one file) and on PostgreSQL (two pools).
 */
function refundLeaseSuite(name: string, open: () => Promise<{ a: Store; b: Store }>): void {
  describe(`${name}: the refund lease across processes`, () => {
    let sandbox: Sandbox;
    let a: Store;
    let b: Store;
    let route: Route;
    let asaasRoute: Route;
    const sealer = new CredentialSealer(randomBytes(32));
    const service = (store: Store, owner: string, ttlMs = 2000) =>
      new RefundService(store, new ConnectionService(store, sealer, new LedgerEvents()), new LedgerEvents(), undefined, { owner, ttlMs, pollMs: 20 });
    const request = (paymentId: string, toolCallId: string, via = route) => ({ projectId: "proj_a", route: via, toolCallId, paymentId, amount: 500, oncePerDay: false });

    beforeAll(async () => {
      sandbox = await startSandbox({ stripe: { faults: { latencyMs: 80 } }, asaas: { faults: { latencyMs: 300, match: "/refund" } } });
    });
    afterAll(async () => sandbox.close());
    beforeEach(async () => {
      ({ a, b } = await open());
      await a.projects.insert({ id: "proj_a", name: "a", home_currency: "USD", created_at: new Date().toISOString() });
      const connections = new ConnectionService(a, sealer, new LedgerEvents());
      await connections.add("proj_a", "test", { server: "stripe", mode: "test", base_url: sandbox.stripe.url, api_key: sandbox.stripe.key, rate_limit_per_s: 1000 }, "test");
      await connections.add("proj_a", "test", { server: "asaas", mode: "test", base_url: sandbox.asaas.url, api_key: sandbox.asaas.key, rate_limit_per_s: 1000 }, "test");
      route = { server: "stripe", connection: (await a.connections.find("proj_a", "stripe", "test"))!, via: "explicit" };
      asaasRoute = { server: "asaas", connection: (await a.connections.find("proj_a", "asaas", "test"))!, via: "explicit" };
      sandbox.stripe.reset();
      sandbox.asaas.reset();
    });
    afterEach(async () => {
      await a.close();
      await b.close();
    });

    // Asaas has no idempotency keys. Its refund POST is slow here and its reads are not, so the
    // second process's read-back misses the first one's refund: without the lease it would send
    // a second partial refund of the same payment.
    it("sends one refund when two processes get the same one at once; the second answers from the ledger", async () => {
      const payment = await sandbox.asaas.createPayment(1000, "BRL");
      const [first, second] = await Promise.all([
        service(a, "proc-a").refund(request(payment.payment_id, "tc_a", asaasRoute)),
        service(b, "proc-b").refund(request(payment.payment_id, "tc_b", asaasRoute)),
      ]);
      expect(sandbox.asaas.refunds()).toHaveLength(1);
      expect([first.success, second.success]).toEqual([true, true]);
      expect([first, second].filter((o) => (o.data as { already_done?: boolean }).already_done)).toHaveLength(1);
    });

    it("takes over a refund whose holder died once its lease ends, reading back before sending", async () => {
      const payment = await sandbox.stripe.createPayment(500, "USD");
      const now = new Date().toISOString();
      const key = `lease-test-${payment.payment_id}`;
      await a.refundAttempts.claim({
        project_id: "proj_a", idempotency_key: key, server: "stripe", connection_id: route.connection.id, payment_id: payment.payment_id, amount: 500,
        state: "in_flight", refund_id: null, refunded_amount: null, currency: null, error_code: null, attempts: 1,
        first_tool_call_id: "tc_dead", last_tool_call_id: "tc_dead", created_at: now, updated_at: now,
      });
      expect(await a.refundAttempts.acquireLease("proj_a", key, "dead", new Date(Date.now() + 400).toISOString(), now)).toBeDefined();
      const started = Date.now();
      const outcome = await service(b, "proc-b").refund({ ...request(payment.payment_id, "tc_b"), idempotencyKey: key });
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(outcome.success).toBe(true);
      expect(sandbox.stripe.refunds()).toHaveLength(1);
      expect(await b.refundAttempts.get("proj_a", key)).toMatchObject({ state: "succeeded", attempts: 2 });
    });

    it("answers outcome_unknown, retryable, without sending, while a live holder keeps its lease", async () => {
      const payment = await sandbox.stripe.createPayment(500, "USD");
      const now = () => new Date().toISOString();
      const key = `lease-live-${payment.payment_id}`;
      await a.refundAttempts.claim({
        project_id: "proj_a", idempotency_key: key, server: "stripe", connection_id: route.connection.id, payment_id: payment.payment_id, amount: 500,
        state: "in_flight", refund_id: null, refunded_amount: null, currency: null, error_code: null, attempts: 1,
        first_tool_call_id: "tc_live", last_tool_call_id: "tc_live", created_at: now(), updated_at: now(),
      });
      const renew = () => a.refundAttempts.acquireLease("proj_a", key, "alive", new Date(Date.now() + 300).toISOString(), now());
      await renew();
      const keeper = setInterval(() => void renew(), 100);
      try {
        const outcome = await service(b, "proc-b", 300).refund({ ...request(payment.payment_id, "tc_b"), idempotencyKey: key });
        expect(outcome).toMatchObject({ success: false, error_code: "outcome_unknown", data: { retryable: true } });
      } finally {
        clearInterval(keeper);
      }
      expect(sandbox.stripe.refunds()).toHaveLength(0);
      expect((await a.refundAttempts.get("proj_a", key))?.state).toBe("in_flight");
    });
  });
}

refundLeaseSuite("SQLite (two handles on one file)", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "codespar-lease-")), "codespar.db");
  return { a: createSqliteStore(file), b: createSqliteStore(file) };
});

const missing = await missingServices({ postgres: true });
describeWithServices("PostgreSQL refund leases", missing, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());
  refundLeaseSuite("PostgreSQL (two pools)", async () => {
    // A fresh schema per test; two pools on it are two processes.
    const schema = await createTestSchema(db.url);
    const a = await openStore({ dataDir: ":memory:", databaseUrl: schema.url });
    const b = await openStore({ dataDir: ":memory:", databaseUrl: schema.url });
    const closeB = b.close.bind(b);
    return { a, b: { ...b, close: async () => { await closeB(); await schema.drop(); } } };
  });
});
