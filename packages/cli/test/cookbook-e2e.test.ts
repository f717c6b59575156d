import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodeSpar, type ToolResult } from "@codespar/sdk";
import { startDevEnvironment, type DevEnvironment } from "@codespar/cli";

let env: DevEnvironment;
beforeAll(async () => {
  env = await startDevEnvironment({ seed: 12 });
});
afterAll(async () => env.close());

const PROVIDERS = ["stripe", "asaas", "mercadopago"] as const;
const ledgerSize = () => PROVIDERS.reduce((n, p) => n + env.sandbox[p].refunds().length, 0);

async function runJobs(jobs: { payment_id: string; amount?: number; reason: string }[]) {
  const codespar = new CodeSpar({ apiKey: env.apiKey, baseUrl: env.baseUrl });
  const session = await codespar.create("refund-worker", { servers: ["stripe", "asaas", "mercadopago"], metadata: { source: "cron:bulk-refund" } });
  try {
    const capabilities = await session.execute("codespar_discover", { domain: "payments", capability: "refund" });
    expect(capabilities.servers.length).toBe(3);
    const errors: number[] = [];
    const result = await session.loop({
      steps: jobs.map((job) => ({ tool: "codespar_pay", params: { action: "refund", ...job } })),
      abortOnError: false,
      onStepError: (_step, _error, index) => errors.push(index),
    });
    return { result, errors };
  } finally {
    await session.close();
  }
}

describe("the cookbook's bulk refund, SDK -> server -> adapters -> emulators", () => {
  it("refunds across the three providers, explains each failure, and a re-run refunds nothing twice", async () => {
    const payments = env.payments;
    expect(new Set(payments.map((p) => p.server))).toEqual(new Set(PROVIDERS));
    const jobs = payments.map((p, i) => ({ payment_id: p.payment_id, amount: i % 2 ? p.amount : Math.floor(p.amount / 2), reason: "chargeback" }));
    const stripeFull = payments.find((p, i) => p.server === "stripe" && i % 2 === 1)!;
    const asaasFull = payments.find((p, i) => p.server === "asaas" && i % 2 === 1)!;
    const mpPartial = payments.find((p, i) => p.server === "mercadopago" && i % 2 === 0)!;
    const failing = [
      { job: { payment_id: "pi_3NoSuchPayment0001", amount: 100, reason: "unknown" }, code: "payment_not_found", server: "stripe" },
      { job: { payment_id: "pay_nosuchpayment01", amount: 100, reason: "unknown" }, code: "payment_not_found", server: "asaas" },
      { job: { payment_id: "99999999999", amount: 100, reason: "unknown" }, code: "payment_not_found", server: "mercadopago" },
      { job: { payment_id: mpPartial.payment_id, amount: mpPartial.amount * 5, reason: "over" }, code: "amount_exceeds_refundable", server: "mercadopago" },
      { job: { payment_id: stripeFull.payment_id, amount: 7, reason: "after full" }, code: "already_refunded", server: "stripe" },
      { job: { payment_id: asaasFull.payment_id, amount: 7, reason: "after full" }, code: "already_refunded", server: "asaas" },
      { job: { payment_id: "not-a-payment-id", amount: 100, reason: "no shape" }, code: "unroutable_payment", server: null },
    ];
    const all = [...jobs, ...failing.map((f) => f.job)];

    const first = await runJobs(all);
    expect(first.result.results).toHaveLength(all.length);
    first.result.results.slice(0, jobs.length).forEach((r: ToolResult, i) => {
      expect(r, `job ${i}`).toMatchObject({ success: true, server: payments[i]!.server, error: null });
      expect((r.data as { amount: number }).amount).toBe(jobs[i]!.amount);
    });
    failing.forEach((f, i) => {
      const r = first.result.results[jobs.length + i]!;
      expect(r, f.job.payment_id).toMatchObject({ success: false, error_code: f.code, server: f.server });
      expect(r.tool_call_id).toMatch(/^tc_/);
      expect(r.error).toBeTruthy();
      expect(r.data).toBeTruthy();
    });
    expect(first.errors).toEqual(failing.map((_, i) => jobs.length + i));
    expect(ledgerSize()).toBe(jobs.length);
    for (const p of PROVIDERS) {
      const refunded = env.sandbox[p].refunds().reduce((n, r) => n + r.amount, 0);
      const asked = jobs.filter((_, i) => payments[i]!.server === p).reduce((n, j) => n + j.amount, 0);
      expect(refunded, p).toBe(asked);
    }

    const second = await runJobs(all);
    expect(ledgerSize()).toBe(jobs.length);
    second.result.results.slice(0, jobs.length).forEach((r) => {
      expect(r).toMatchObject({ success: true, data: { already_done: true } });
    });
    failing.forEach((f, i) => expect(second.result.results[jobs.length + i]!.error_code).toBe(f.code));
  });

  it("records each refund durably with its idempotency key and the session's metadata", async () => {
    const p = (await env.sandbox.seed(1))[0]!;
    const { result } = await runJobs([{ payment_id: p.payment_id, reason: "full, no amount" }]);
    const r = result.results[0]!;
    expect(r.success).toBe(true);
    expect((r.data as { amount: number }).amount).toBe(p.amount);
    const codespar = new CodeSpar({ apiKey: env.apiKey, baseUrl: env.baseUrl });
    const call = await codespar.toolCall(r.tool_call_id!);
    expect(call).toMatchObject({ status: "success", server: p.server, metadata: { source: "cron:bulk-refund" } });
    expect((call as unknown as { idempotency_key: string }).idempotency_key).toMatch(/^csr_/);
  });
});
