import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSqliteStore, type BatchItemRecord, type Store } from "@codespar/server";
import { JobRouter } from "../../src/distributed/job-router.js";

describe("routing batch items to their connection's queue", () => {
  let store: Store;
  const now = "2026-11-27T10:00:00.000Z";
  beforeEach(async () => {
    store = createSqliteStore(":memory:");
    await store.projects.insert({ id: "proj_a", name: "a", home_currency: "USD", created_at: now });
    for (const server of ["stripe", "asaas", "mercadopago"]) {
      await store.connections.upsert({ id: `conn_${server}`, project_id: "proj_a", server, mode: "test", base_url: "http://x", credentials_sealed: "s", rate_limit_per_s: null, created_at: now, updated_at: now });
    }
    await store.connections.upsert({ id: "conn_stripe_live", project_id: "proj_a", server: "stripe", mode: "live", base_url: "http://x", credentials_sealed: "s", rate_limit_per_s: null, created_at: now, updated_at: now });
    await store.paymentRoutes.record({ project_id: "proj_a", payment_id: "legacy-77", server: "asaas", created_at: now });
  });
  afterEach(async () => store.close());

  it("follows the explicit server, the id's shape, then the ledger, within the batch's servers and mode", async () => {
    const inputs = [
      { action: "refund", payment_id: "pi_1" },
      { action: "refund", payment_id: "pay_1" },
      { action: "refund", payment_id: "12345678" },
      { action: "refund", payment_id: "pi_2", server: "asaas" },
      { action: "refund", payment_id: "legacy-77" },
      { action: "refund", payment_id: "nothing-knows-me" },
      { action: "refund", payment_id: "pi_3", server: "mercadopago" },
    ];
    await store.batches.insert(
      { id: "bat_1", project_id: "proj_a", mode: "test", tool: "codespar_pay", session_id: null, servers: ["stripe", "asaas"], metadata: {}, concurrency: 4, total: inputs.length, status: "running", completions: 0, created_at: now, updated_at: now, completed_at: null },
      inputs.map((input, seq): BatchItemRecord => ({ id: `bat_1_${seq}`, batch_id: "bat_1", project_id: "proj_a", seq, input, status: "queued", attempts: 0, tool_call_id: null, result: null, error_code: null, error_message: null, server: null, completion_index: null, created_at: now, updated_at: now, completed_at: null })),
    );
    const routed = await new JobRouter(store).route(inputs.map((_, seq) => ({ projectId: "proj_a", batchId: "bat_1", itemId: `bat_1_${seq}`, concurrency: 4 })));
    expect(routed.map((r) => r.route?.connectionId ?? null)).toEqual([
      "conn_stripe", // pi_ shape
      "conn_asaas", // pay_ shape
      null, // numeric, but Mercado Pago is not one of the batch's servers
      "conn_asaas", // explicit
      "conn_asaas", // the ledger knows it
      null, // unroutable: the unrouted queue, where it fails with its normal error
      null, // explicit, but not one of the batch's servers
    ]);
    expect(routed[0]?.job.connectionId).toBe("conn_stripe");
  });
});
