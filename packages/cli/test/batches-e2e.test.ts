import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodeSpar, type BatchItem } from "@codespar/sdk";
import { startDevEnvironment, type DevEnvironment } from "@codespar/cli";

let env: DevEnvironment;
let codespar: CodeSpar;
beforeAll(async () => {
  env = await startDevEnvironment({ sandbox: { stripe: { faults: { latencyMs: 5 } }, asaas: { faults: { latencyMs: 5 } }, mercadopago: { faults: { latencyMs: 5 } } } });
  codespar = new CodeSpar({ apiKey: env.apiKey, baseUrl: env.baseUrl });
});
afterAll(async () => env.close());

const PROVIDERS = ["stripe", "asaas", "mercadopago"] as const;
const ledger = () => PROVIDERS.flatMap((p) => env.sandbox[p].refunds());

describe("durable batches", () => {
  it("runs a refund batch server-side, streams its events, keeps dead letters, and retry-failed refunds nothing twice", async () => {
    const payments = await env.sandbox.seed(30);
    const items = [
      ...payments.map((p) => ({ action: "refund", payment_id: p.payment_id, amount: p.amount, reason: "batch" })),
      { action: "refund", payment_id: "pi_3NoSuchPaymentBatch", amount: 100 },
      { action: "refund", payment_id: payments[0]!.payment_id, amount: 1, reason: "after full refund" },
    ];
    const created = await codespar.batches.create({ tool: "codespar_pay", items, metadata: { source: "cron:bulk-refund" }, concurrency: 8 });
    expect(created).toMatchObject({ status: "running", total: 32 });

    const seen: BatchItem[] = [];
    let ended = false;
    for await (const e of codespar.batches.events(created.id)) {
      if (e.type === "item") seen.push(e.item);
      if (e.type === "end") ended = true;
    }
    expect(ended).toBe(true);
    expect(new Set(seen.map((i) => i.index)).size).toBe(32);

    const done = await codespar.batches.get(created.id);
    expect(done).toMatchObject({ status: "completed", succeeded: 30, failed: 2, done: 32 });
    const failed = (await codespar.batches.items(created.id, { status: "failed" })).data;
    expect(failed.map((f) => f.error_code).sort()).toEqual(["already_refunded", "payment_not_found"]);
    for (const f of failed) {
      expect(f.tool_call_id).toMatch(/^tc_/);
      expect(f.input).toHaveProperty("payment_id");
      expect(f.result).toMatchObject({ success: false, tool_call_id: f.tool_call_id });
      expect(f.provider_code).toBeTruthy();
    }
    const record = await codespar.toolCall(failed[0]!.tool_call_id!);
    expect(record.metadata).toMatchObject({ source: "cron:bulk-refund", batch_id: created.id });
    expect(ledger()).toHaveLength(30);

    const retried = await codespar.batches.retryFailed(created.id);
    expect(retried.retried).toBe(2);
    const after = await codespar.batches.wait(created.id, { pollMs: 100 });
    expect(after).toMatchObject({ status: "completed", succeeded: 30, failed: 2 });
    expect(ledger()).toHaveLength(30);
  });

  it("does not need the session to stay open, and a re-submitted batch reports everything as already done", async () => {
    const payments = await env.sandbox.seed(9);
    const session = await codespar.create("batcher", { servers: ["stripe", "asaas", "mercadopago"], metadata: { team: "ops" } });
    const items = payments.map((p) => ({ action: "refund", payment_id: p.payment_id, amount: p.amount }));
    const first = await codespar.batches.create({ tool: "codespar_pay", items, session: session.id });
    await session.close();
    expect(await codespar.batches.wait(first.id, { pollMs: 100 })).toMatchObject({ succeeded: 9, failed: 0 });
    const before = ledger().length;
    const second = await codespar.batches.create({ tool: "codespar_pay", items });
    expect(await codespar.batches.wait(second.id, { pollMs: 100 })).toMatchObject({ succeeded: 9 });
    expect(ledger().length).toBe(before);
    for await (const item of codespar.batches.allItems(second.id)) expect(item.result?.data).toMatchObject({ already_done: true });
  });

  it("refuses a batch with any invalid item, listing them, and stores nothing", async () => {
    const err = await codespar.batches
      .create({ tool: "codespar_pay", items: [{ action: "refund", payment_id: "pi_ok1" }, { action: "refund", payment_id: "pi_ok2", amount: -1 }, { action: "nope" }] })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, code: "invalid_request" });
    const details = (err as { body: { error: { details: { items: { index: number }[] } } } }).body.error.details;
    expect(details.items.map((i) => i.index)).toEqual([1, 2]);
  });

  it("cancels the queued items of a running batch; in-flight ones finish with real results", async () => {
    env.sandbox.stripe.setFaults({ latencyMs: 100 });
    try {
      const payments = await Promise.all(Array.from({ length: 20 }, () => env.sandbox.stripe.createPayment(1000)));
      const b = await codespar.batches.create({ tool: "codespar_pay", items: payments.map((p) => ({ action: "refund", payment_id: p.payment_id })), concurrency: 2 });
      await new Promise((r) => setTimeout(r, 150));
      const cancelled = await codespar.batches.cancel(b.id);
      expect(cancelled.status).toBe("cancelled");
      await new Promise((r) => setTimeout(r, 400));
      const final = await codespar.batches.get(b.id);
      expect(final.counts.cancelled).toBeGreaterThan(10);
      expect(final.counts.running).toBe(0);
      const refunded = env.sandbox.stripe.refunds().filter((r) => payments.some((p) => p.payment_id === r.payment_id)).length;
      expect(refunded).toBe(final.succeeded);
    } finally {
      env.sandbox.stripe.setFaults({});
    }
  });
});
