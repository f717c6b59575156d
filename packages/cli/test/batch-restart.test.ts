import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodeSpar } from "@codespar/sdk";
import { startSandbox, type Sandbox } from "@codespar/sandbox";
import { runCli } from "./helpers/spawn-cli.js";
import { freePort, killHard, startServe } from "./helpers/serve-process.js";

let sandbox: Sandbox;
beforeAll(async () => {
  const latency = { latencyMs: 15, jitterMs: 10 };
  sandbox = await startSandbox({ stripe: { faults: latency }, asaas: { faults: latency }, mercadopago: { faults: latency } });
});
afterAll(async () => sandbox.close());

describe("a durable batch survives SIGKILL of the server", () => {
  it("resumes after a hard kill midway without redoing finished items or refunding anything twice", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "codespar-restart-"));
    const key = JSON.parse((await runCli(["keys", "create", "--project", "restart", "--data-dir", dataDir, "--json"])).stdout).api_key as string;
    const port = await freePort();
    let server = await startServe(dataDir, port);
    try {
      for (const p of ["stripe", "asaas", "mercadopago"] as const) {
        const res = await fetch(`${server.url}/v1/connections`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ server: p, base_url: sandbox[p].url, credentials: { api_key: sandbox[p].key }, rate_limit_per_s: 300 }),
        });
        expect(res.status).toBe(201);
      }
      const payments = await sandbox.seed(240);
      const codespar = new CodeSpar({ apiKey: key, baseUrl: server.url, maxNetworkRetries: 3 });
      const batch = await codespar.batches.create({
        tool: "codespar_pay",
        items: payments.map((p) => ({ action: "refund", payment_id: p.payment_id, amount: p.amount })),
        concurrency: 12,
      });
      for (;;) {
        const progress = await codespar.batches.get(batch.id);
        if (progress.done >= 60) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await killHard(server.child);
      const doneAtKill = (await runCount(sandbox)).total;
      expect(doneAtKill).toBeLessThan(240);

      server = await startServe(dataDir, port);
      const final = await codespar.batches.wait(batch.id, { pollMs: 200 });
      expect(final).toMatchObject({ status: "completed", succeeded: 240, failed: 0 });

      const refunds = ["stripe", "asaas", "mercadopago"].flatMap((p) => sandbox[p as "stripe"].refunds());
      const perPayment = new Map<string, number>();
      for (const r of refunds) perPayment.set(r.payment_id, (perPayment.get(r.payment_id) ?? 0) + 1);
      for (const p of payments) expect(perPayment.get(p.payment_id), p.payment_id).toBe(1);
      expect(refunds).toHaveLength(240);
    } finally {
      await killHard(server.child);
    }
  });
});

async function runCount(s: Sandbox): Promise<{ total: number }> {
  return { total: s.stripe.refunds().length + s.asaas.refunds().length + s.mercadopago.refunds().length };
}
