import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refundCeilingPerSecond } from "@codespar/providers";
import { startDevEnvironment, type DevEnvironment } from "@codespar/cli";
import { runCli } from "./helpers/spawn-cli.js";

/**
 * The bulk-refund job at scale: 2,000 rows through `codespar refund` against `codespar dev`
 * with every emulator refusing (429) beyond its rate. The run must finish at about the
 * providers' combined limit with nothing failed for a rate limit and nothing refunded twice.
 * The exact speed is the benchmark's to measure (bench/, one run side by side); here a floor
 * far below it catches pacing that collapses, without timing a noisy machine to the percent.
 */
const ROWS = 2_000;
const PROVIDERS = ["stripe", "asaas", "mercadopago"] as const;
const LIMITS = { stripe: 40, asaas: 40, mercadopago: 80 } as const;

let env: DevEnvironment;
const dir = mkdtempSync(join(tmpdir(), "codespar-atlimit-"));
beforeAll(async () => {
  // No webhooks: each one makes the server read the payment back, a request the ceiling below does not count.
  env = await startDevEnvironment({ rateLimits: LIMITS, webhooks: false });
});
afterAll(async () => env.close());

describe("codespar refund at the providers' limits", () => {
  it("refunds 2,000 rows at about the combined limit, none failed for a rate limit, none twice", async () => {
    const payments = await env.sandbox.seed(ROWS);
    const file = join(dir, "refunds.csv");
    writeFileSync(file, ["payment_id,amount,reason", ...payments.map((p) => `${p.payment_id},${p.amount},chargeback`)].join("\n"));

    const res = await runCli(["refund", "--file", file, "--json"], { env: { CODESPAR_BASE_URL: env.baseUrl, CODESPAR_API_KEY: env.apiKey }, timeoutMs: 170_000 });
    expect(res.code, res.stderr).toBe(0);
    const summary = JSON.parse(res.stdout) as { succeeded: number; failed: number; seconds: number };
    expect(summary).toMatchObject({ succeeded: ROWS, failed: 0 });

    // Exactly once, as the providers' own ledgers see it.
    const refunds = PROVIDERS.flatMap((p) => env.sandbox[p].refunds());
    expect(refunds).toHaveLength(ROWS);
    expect(new Set(refunds.map((r) => r.payment_id)).size).toBe(ROWS);

    const perProvider = Object.fromEntries(PROVIDERS.map((p) => [p, payments.filter((x) => x.server === p).length]));
    const ceiling = refundCeilingPerSecond(perProvider, LIMITS);
    const rate = ROWS / summary.seconds;
    const refused = PROVIDERS.map((p) => env.sandbox[p].rateLimitedCount());
    console.log(JSON.stringify({ rows: ROWS, seconds: summary.seconds, refunds_per_s: Number(rate.toFixed(1)), ceiling_per_s: Number(ceiling.toFixed(1)), ratio: Number((rate / ceiling).toFixed(3)), refused_429: refused }));
    expect(rate / ceiling).toBeGreaterThan(0.6);
    expect(rate / ceiling).toBeLessThanOrEqual(1.01);
    // A 429 is retried, never a failure (above); pacing keeps them to stragglers at a window's edge on a loaded machine.
    for (const n of refused) expect(n).toBeLessThanOrEqual(10);
  }, 180_000);
});
