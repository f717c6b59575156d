import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevEnvironment, type DevEnvironment } from "@codespar/cli";
import { runCli } from "./helpers/spawn-cli.js";

let env: DevEnvironment;
let cliEnv: NodeJS.ProcessEnv;
const dir = mkdtempSync(join(tmpdir(), "codespar-refundcli-"));
beforeAll(async () => {
  env = await startDevEnvironment();
  cliEnv = { CODESPAR_BASE_URL: env.baseUrl, CODESPAR_API_KEY: env.apiKey };
});
afterAll(async () => env.close());

const PROVIDERS = ["stripe", "asaas", "mercadopago"] as const;
const ledger = () => PROVIDERS.reduce((n, p) => n + env.sandbox[p].refunds().length, 0);

describe("codespar refund --file", () => {
  it("refunds a CSV as a durable batch, writes dead letters, exits 1 on failures, and a re-run refunds nothing twice", async () => {
    const payments = await env.sandbox.seed(12);
    const csv = ["payment_id,amount,reason", ...payments.map((p) => `${p.payment_id},${p.amount},chargeback`), "pi_3NoSuchPaymentCli01,100,missing"].join("\n");
    const file = join(dir, "refunds.csv");
    writeFileSync(file, csv);
    const deadLetter = join(dir, "dead.jsonl");
    const before = ledger();
    const first = await runCli(["refund", "--file", file, "--dead-letter", deadLetter, "--json"], { env: cliEnv });
    expect(first.code).toBe(1);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ ok: false, rows: 13, succeeded: 12, failed: 1, already_done: 0 });
    expect(summary.batch_id).toMatch(/^bat_/);
    expect(ledger() - before).toBe(12);
    const dead = readFileSync(deadLetter, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(dead).toEqual([expect.objectContaining({ line: 14, payment_id: "pi_3NoSuchPaymentCli01", error_code: "payment_not_found", tool_call_id: expect.stringMatching(/^tc_/) })]);

    const second = await runCli(["refund", "--file", file, "--json"], { env: cliEnv });
    expect(second.code).toBe(1);
    expect(JSON.parse(second.stdout)).toMatchObject({ succeeded: 12, already_done: 12, failed: 1 });
    expect(ledger() - before).toBe(12);
  });

  it("prints a per-provider table, and --local runs the loop from the client", async () => {
    const payments = await env.sandbox.seed(6);
    const file = join(dir, "local.jsonl");
    writeFileSync(file, payments.map((p) => JSON.stringify({ payment_id: p.payment_id, amount: p.amount })).join("\n"));
    const res = await runCli(["refund", "--file", file, "--local", "--concurrency", "4"], { env: cliEnv });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/provider\s+rows\s+refunded\s+already done\s+failed\s+amount/);
    for (const p of PROVIDERS) expect(res.stdout).toContain(p);
    expect(res.stdout).toMatch(/6\/6 done/);
  });

  it("sends nothing when any row is invalid, listing bad rows by line, exit 2", async () => {
    const payments = await env.sandbox.seed(3);
    const file = join(dir, "bad.csv");
    writeFileSync(file, ["payment_id,amount,reason", `${payments[0]!.payment_id},100,ok`, "pi_x,12.50,fraction", `${payments[1]!.payment_id},-5,neg`].join("\n"));
    const before = ledger();
    const res = await runCli(["refund", "--file", file], { env: cliEnv });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/line 3: amount must be a positive whole number/);
    expect(res.stderr).toMatch(/line 4:/);
    expect(res.stderr).toMatch(/Nothing was sent/);
    expect(ledger()).toBe(before);

    const skip = await runCli(["refund", "--file", file, "--skip-invalid", "--json"], { env: cliEnv });
    expect(skip.code).toBe(0);
    expect(JSON.parse(skip.stdout)).toMatchObject({ rows: 1, invalid: 2, succeeded: 1 });
    expect(ledger()).toBe(before + 1);
  });

  it("refuses paths that are not regular files with exit 2", async () => {
    const res = await runCli(["refund", "--file", "/etc"], { env: cliEnv });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/not a regular file/);
    const missing = await runCli(["refund", "--file", join(dir, "../nope/../missing.csv")], { env: cliEnv });
    expect(missing.code).toBe(2);
  });
});
