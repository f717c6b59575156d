import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CodeSpar } from "@codespar/sdk";
import { runCli, startCli } from "./helpers/spawn-cli.js";

describe("codespar dev", () => {
  it("starts server and sandbox, writes the state file once ready, serves the cookbook, and stops cleanly on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "codespar-devtest-"));
    const stateFile = join(dir, "state.json");
    const { child, state, exited } = await startCli(["dev", "--port", "0", "--seed", "6", "--state-file", stateFile], stateFile);
    try {
      expect(state.apiKey).toMatch(/^csk_test_/);
      expect(state.sandbox.stripe.key).toMatch(/^sk_test_/);
      expect(state.sandbox.asaas.key).toMatch(/^\$aact_/);
      expect(state.sandbox.mercadopago.key).toMatch(/^TEST-/);
      expect(state.payments).toHaveLength(6);
      const codespar = new CodeSpar({ apiKey: state.apiKey, baseUrl: state.baseUrl });
      const session = await codespar.create("refund-worker", { servers: ["stripe", "asaas", "mercadopago"] });
      const result = await session.loop({
        steps: state.payments.map((p: { payment_id: string; amount: number }) => ({ tool: "codespar_pay", params: { action: "refund", payment_id: p.payment_id, amount: p.amount, reason: "dev" } })),
        abortOnError: false,
      });
      expect(result.results.every((r) => r.success)).toBe(true);
      await session.close();
      // The sandbox's own ledger, read through Stripe's list endpoint with the credential dev handed out.
      const stripePayment = state.payments.find((p: { server: string }) => p.server === "stripe");
      const list = await fetch(`${state.sandbox.stripe.url}/v1/refunds?payment_intent=${stripePayment.payment_id}`, { headers: { authorization: `Bearer ${state.sandbox.stripe.key}` } });
      expect(((await list.json()) as { data: unknown[] }).data).toHaveLength(1);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });

  it("refuses a bad --seed with a clear message and a non-zero exit", async () => {
    const res = await runCli(["dev", "--seed", "lots"]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/seed|whole number/i);
  });
});

describe("codespar keys create", () => {
  it("creates a project and prints the key once, in JSON when asked", async () => {
    const dir = mkdtempSync(join(tmpdir(), "codespar-keys-"));
    const res = await runCli(["keys", "create", "--project", "shop", "--data-dir", dir, "--json"]);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({ project: "shop", mode: "test" });
    expect(out.api_key).toMatch(/^csk_test_[0-9A-Za-z]{32}$/);
    const again = JSON.parse((await runCli(["keys", "create", "--project", "shop", "--data-dir", dir, "--json"])).stdout);
    expect(again.project_id).toBe(out.project_id);
    expect(again.api_key).not.toBe(out.api_key);
  });

  it("refuses a bad project name without creating anything", async () => {
    const dir = mkdtempSync(join(tmpdir(), "codespar-keys-"));
    const res = await runCli(["keys", "create", "--project", "../etc", "--data-dir", dir]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/Project name/);
  });
});
