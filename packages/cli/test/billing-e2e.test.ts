import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodeSpar, type Session, type ToolResult } from "@codespar/sdk";
import { startDevEnvironment, type DevEnvironment } from "@codespar/cli";
import { verifyAuditChain, type AuditRecord, type UsageReport } from "@codespar/server";
import { runCli } from "./helpers/spawn-cli.js";

/**
 * Billing and audit end to end: SDK -> server -> adapters -> emulators, on a real data
 * directory so the audit rows can be tampered with directly in the SQLite file.
 * Project home currency USD; sandbox fixed rates BRL 0.20, MXN 0.055.
 */
let env: DevEnvironment;
let session: Session;
let projectId: string;
let jobs: { payment_id: string; amount: number; server: string }[];
let firstRun: ToolResult[];

const failing = [
  { payment_id: "pi_3NoSuchPayment0001", amount: 100 },
  { payment_id: "pay_nosuchpayment01", amount: 100 },
];

async function refundAll(list: { payment_id: string; amount: number }[]): Promise<ToolResult[]> {
  const out: ToolResult[] = [];
  for (const j of list) out.push(await session.execute("codespar_pay", { action: "refund", payment_id: j.payment_id, amount: j.amount, reason: "billing test" }));
  return out;
}

async function usage(query = ""): Promise<{ status: number; body: UsageReport & { error?: { code: string } } }> {
  const res = await fetch(`${env.baseUrl}/v1/usage${query}`, { headers: { authorization: `Bearer ${env.apiKey}` } });
  return { status: res.status, body: (await res.json()) as UsageReport & { error?: { code: string } } };
}

const auditRows = (): Promise<AuditRecord[]> => env.server.services.store.auditLog.list(0, 100_000);
const count = (rows: AuditRecord[], action: string) => rows.filter((r) => r.action === action).length;

beforeAll(async () => {
  env = await startDevEnvironment();
  projectId = (await env.server.services.store.projects.getByName("dev"))!.id;
  session = await new CodeSpar({ apiKey: env.apiKey, baseUrl: env.baseUrl }).create("billing-test", { servers: ["stripe", "asaas", "mercadopago"] });
  const paid = await session.execute("codespar_pay", { action: "pay", amount: 3000, currency: "BRL", server: "mercadopago" });
  expect(paid.success, paid.error ?? "").toBe(true);
  const asaasBrl = await env.sandbox.asaas.createPayment(5000);
  const mpBrl = await env.sandbox.mercadopago.createPayment(2500, "BRL");
  const mpMxn = await env.sandbox.mercadopago.createPayment(5000, "MXN");
  const stripeMxn = await env.sandbox.stripe.createPayment(20_000, "MXN");
  const stripeUsd = await env.sandbox.stripe.createPayment(5000, "USD");
  const stripeUsdPartial = await env.sandbox.stripe.createPayment(5000, "USD");
  jobs = [
    { payment_id: asaasBrl.payment_id, amount: 5000, server: "asaas" },
    { payment_id: mpBrl.payment_id, amount: 2500, server: "mercadopago" },
    { payment_id: mpMxn.payment_id, amount: 5000, server: "mercadopago" },
    { payment_id: (paid.data as { payment_id: string }).payment_id, amount: 3000, server: "mercadopago" },
    { payment_id: stripeMxn.payment_id, amount: 20_000, server: "stripe" },
    { payment_id: stripeUsd.payment_id, amount: 5000, server: "stripe" },
    { payment_id: stripeUsdPartial.payment_id, amount: 1234, server: "stripe" },
  ];
});
afterAll(async () => {
  await session?.close();
  await env?.close();
});

describe("billing", () => {
  it("bills each settled refund once with the fee computed by hand, and never a failure", async () => {
    firstRun = await refundAll(jobs);
    firstRun.forEach((r, i) => expect(r, jobs[i]!.payment_id).toMatchObject({ success: true, server: jobs[i]!.server }));
    const failed = await refundAll([...failing, { payment_id: jobs[6]!.payment_id, amount: 999_999 }]);
    expect(failed.map((r) => r.error_code)).toEqual(["payment_not_found", "payment_not_found", "amount_exceeds_refundable"]);

    // By hand, USD cents: base 10 each; 0.5% of the USD amount when not USD, half-even.
    //   asaas  BRL  50.00 -> USD 10.00 -> 5.0         -> 10 + 5 = 15
    //   mp     BRL  25.00 -> USD  5.00 -> 2.5  -> 2   -> 10 + 2 = 12  (tie to even)
    //   mp     MXN  50.00 -> USD  2.75 -> 1.375 -> 1  -> 10 + 1 = 11
    //   mp     BRL  30.00 -> USD  6.00 -> 3.0         -> 10 + 3 = 13
    //   stripe MXN 200.00 -> USD 11.00 -> 5.5  -> 6   -> 10 + 6 = 16  (tie to even)
    //   stripe USD  50.00, USD 12.34: home currency  -> 10 + 10 = 20
    const { status, body } = await usage();
    expect(status).toBe(200);
    expect(body).toMatchObject({ home_currency: "USD", totals: { count: 7, fees: { base: 70, fx: 17, total: 87, currency: "USD" } } });
    expect(body.providers).toEqual([
      { server: "asaas", count: 1, amounts: [{ currency: "BRL", amount: 5000 }], fees: { base: 10, fx: 5, total: 15, currency: "USD" } },
      { server: "mercadopago", count: 3, amounts: [{ currency: "BRL", amount: 5500 }, { currency: "MXN", amount: 5000 }], fees: { base: 30, fx: 6, total: 36, currency: "USD" } },
      { server: "stripe", count: 3, amounts: [{ currency: "MXN", amount: 20_000 }, { currency: "USD", amount: 6234 }], fees: { base: 30, fx: 6, total: 36, currency: "USD" } },
    ]);

    const key = (firstRun[1]!.data as { idempotency_key: string }).idempotency_key;
    expect(await env.server.services.store.usage.get(projectId, key)).toMatchObject({
      tool_call_id: firstRun[1]!.tool_call_id, kind: "refund", amount: 2500, currency: "BRL", cross_border: true,
      fx_rate: "0.20", fx_source: "sandbox-fixed", amount_usd: 500, fee_fx: 2, fee_total: 12,
    });
  });

  it("a re-run of the same refunds, successes and failures, adds nothing", async () => {
    const again = await refundAll(jobs);
    again.forEach((r) => expect(r).toMatchObject({ success: true, data: { already_done: true } }));
    await refundAll(failing);
    const { body } = await usage();
    expect(body.totals).toEqual({ count: 7, fees: { base: 70, fx: 17, total: 87, currency: "USD" } });
  });

  it("filters by period and refuses a malformed one", async () => {
    expect((await usage("?from=2000-01-01&to=2000-01-31")).body.providers).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await usage(`?from=${today}&to=${today}`)).body.totals.count).toBe(7);
    const bad = await usage("?from=last-week");
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe("invalid_request");
  });

  it("`codespar usage` prints the per-provider table, and the report as JSON", async () => {
    const target = ["--base-url", env.baseUrl, "--api-key", env.apiKey];
    const json = await runCli(["usage", "--json", ...target]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual((await usage()).body);
    const table = await runCli(["usage", ...target]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/mercadopago\s+3\s+BRL 55\.00, MXN 50\.00\s+0\.30\s+0\.06\s+0\.36/);
    expect(table.stdout).toMatch(/total\s+7\s+0\.70\s+0\.17\s+0\.87/);
  });
});

describe("audit trail", () => {
  it("records attempts, outcomes, payments and connection changes, without secrets", async () => {
    const res = await fetch(`${env.baseUrl}/v1/connections`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ server: "stripe", base_url: env.sandbox.stripe.url, credentials: { api_key: env.sandbox.stripe.key } }),
    });
    expect(res.status).toBe(201);
    const rows = await auditRows();
    // 3 connections from the dev environment and 1 just now; 1 payment made through the tool.
    expect(count(rows, "connection.upserted")).toBe(4);
    expect(rows.filter((r) => r.action === "connection.upserted").at(-1)!.actor).toMatch(/^key:key_/);
    expect(count(rows, "payment.created")).toBe(1);
    // 7 successes once (the re-run answers from the ledger); 3 failures, then the 2 unknown payments again in the re-run.
    expect(count(rows, "refund.succeeded")).toBe(7);
    expect(count(rows, "refund.failed")).toBe(5);
    expect(count(rows, "refund.attempt")).toBe(12);
    const succeeded = rows.find((r) => r.action === "refund.succeeded" && r.subject === (firstRun[0]!.data as { idempotency_key: string }).idempotency_key);
    expect(succeeded).toMatchObject({ project_id: projectId, actor: `tool_call:${firstRun[0]!.tool_call_id}`, data: { server: "asaas", refunded_amount: 5000, currency: "BRL" } });
    const text = JSON.stringify(rows);
    for (const secret of [env.apiKey, env.sandbox.stripe.key, env.sandbox.asaas.key, env.sandbox.mercadopago.key]) expect(text).not.toContain(secret);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
  });

  it("the chain verifies, in-process and with `codespar audit verify`", async () => {
    const result = await verifyAuditChain(env.server.services.store);
    expect(result).toMatchObject({ ok: true, count: (await auditRows()).length });
    const cli = await runCli(["audit", "verify", "--data-dir", env.dataDir, "--json"]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toEqual(result);
    const text = await runCli(["audit", "verify", "--data-dir", env.dataDir]);
    expect(text.stdout).toMatch(/intact/);
  });

  it("tampering with a row's data in the SQLite file is named by seq, and the CLI exits 1", async () => {
    const target = (await auditRows()).find((r) => r.action === "refund.succeeded")!;
    const db = new Database(join(env.dataDir, "codespar.db"));
    try {
      db.prepare("UPDATE audit_log SET data = ? WHERE seq = ?").run(JSON.stringify({ ...(target.data as object), refunded_amount: 1 }), target.seq);
    } finally {
      db.close();
    }
    expect(await verifyAuditChain(env.server.services.store)).toMatchObject({ ok: false, first_broken: { seq: target.seq, reason: "hash_mismatch" } });
    const cli = await runCli(["audit", "verify", "--data-dir", env.dataDir]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`seq ${target.seq} (hash_mismatch)`);
    const json = await runCli(["audit", "verify", "--data-dir", env.dataDir, "--json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).first_broken).toEqual({ seq: target.seq, reason: "hash_mismatch" });
  });

  it("`codespar audit verify` exits 2 when there is no database to verify", async () => {
    const cli = await runCli(["audit", "verify", "--data-dir", join(env.dataDir, "no-such-dir")]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/No CodeSpar database/);
  });
});
