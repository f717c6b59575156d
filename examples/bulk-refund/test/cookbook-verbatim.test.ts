import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevEnvironment, type DevEnvironment } from "@codespar/cli";

let env: DevEnvironment;
beforeAll(async () => {
  env = await startDevEnvironment({ seed: 9 });
  // The cookbook builds its client at import time from the environment, exactly as users run it.
  process.env.CODESPAR_API_KEY = env.apiKey;
  process.env.CODESPAR_BASE_URL = env.baseUrl;
});
afterAll(async () => env.close());

const ledger = () => (["stripe", "asaas", "mercadopago"] as const).reduce((n, p) => n + env.sandbox[p].refunds().length, 0);

describe("the cookbook's bulk-refund.ts, verbatim", () => {
  it("refunds across the three providers, reports failures with tool_call_id, error and data, and a re-run refunds nothing twice", async () => {
    const { bulkRefund } = await import("../dist/bulk-refund.js");
    const jobs = [...env.payments.map((p) => ({ payment_id: p.payment_id, amount: p.amount, reason: "chargeback" })), { payment_id: "pi_3NoSuchPaymentVerbatim", amount: 100, reason: "x" }];
    const first = await bulkRefund(jobs);
    expect(first).toMatchObject({ total: 10, succeeded: 9 });
    expect(first.failed).toHaveLength(1);
    const failure = first.failed[0]!;
    expect(failure.tool_call_id).toMatch(/^tc_/);
    expect(failure.error).toBeTruthy();
    expect(failure.error_code).toBe("payment_not_found");
    expect(failure.server).toBe("stripe");
    expect(failure.data).toBeTruthy();
    expect(ledger()).toBe(9);
    const second = await bulkRefund(jobs);
    expect(second.succeeded).toBe(9);
    expect(ledger()).toBe(9);
  });

  it("runs as `npm run example:bulk-refund` against a dev state file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "codespar-example-"));
    const stateFile = join(dir, "state.json");
    const payments = await env.sandbox.seed(3);
    writeFileSync(stateFile, JSON.stringify({ payments }));
    const main = fileURLToPath(new URL("../dist/main.js", import.meta.url));
    const deadLetter = join(dir, "dead.jsonl");
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [main], { env: { ...process.env, CODESPAR_DEV_STATE: stateFile, DEAD_LETTER_FILE: deadLetter }, stdio: "ignore" });
      child.on("exit", resolve);
    });
    expect(code).toBe(0);
    const dead = readFileSync(deadLetter, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(dead).toEqual([expect.objectContaining({ error_code: "payment_not_found", tool_call_id: expect.stringMatching(/^tc_/) })]);
  });
});
