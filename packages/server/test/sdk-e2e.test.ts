import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodeSpar, CodesparApiError, loop } from "@codespar/sdk";
import { startTestServer, type TestServer } from "./helpers/test-server.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ sessionIdleTimeoutMs: 60_000 });
});
afterAll(async () => t.close());

describe("@codespar/sdk against the real server over HTTP", () => {
  it("creates a session, runs the cookbook's discover pre-flight, loops, and closes", async () => {
    const codespar = new CodeSpar({ apiKey: t.keyA, baseUrl: t.url });
    const session = await codespar.create("refund-worker", { servers: ["stripe", "asaas", "mercadopago"], metadata: { source: "cron:bulk-refund" } });
    expect(session.id).toMatch(/^ses_/);
    expect(session.servers).toEqual(["stripe", "asaas", "mercadopago"]);

    const capabilities = await session.execute("codespar_discover", { domain: "payments", capability: "refund" });
    expect(capabilities.success).toBe(true);
    // No connections in this project yet: the cookbook's check says "don't proceed".
    expect(capabilities.servers.length > 0).toBe(false);
    expect((capabilities.data as { unavailable: { reason: string }[] }).unavailable.map((u) => u.reason)).toEqual(["not_connected", "not_connected", "not_connected"]);

    const byUseCase = await session.discover({ use_case: "estornar pagamento", country: "BR" });
    expect(byUseCase.servers).toEqual([]);

    const result = await session.loop({
      steps: [
        { tool: "codespar_discover", params: { domain: "payments", capability: "refund" } },
        { tool: "codespar_pay", params: { action: "refund", payment_id: "pi_123", amount: 500, reason: "test" } },
        { tool: "codespar_pay", params: { action: "refund", payment_id: "weird id!" } },
        { tool: "codespar_discover", params: (prev) => ({ capability: prev.length === 3 ? "status" : "pay" }) },
        { tool: "codespar_discover", params: {}, when: () => false },
      ],
      abortOnError: false,
    });
    expect(result.results).toHaveLength(5);
    expect(result.totalSteps).toBe(5);
    expect(result.results[0]!.success).toBe(true);
    expect(result.results[1]).toMatchObject({ success: false, error_code: "provider_not_connected", server: "stripe" });
    expect(result.results[1]!.tool_call_id).toMatch(/^tc_/);
    expect(result.results[2]).toMatchObject({ success: false, error_code: "invalid_request", tool_call_id: null });
    expect(result.results[3]!.success).toBe(true);
    expect((result.results[3]!.data as { capability: string }).capability).toBe("status");
    expect(result.results[4]).toMatchObject({ success: false, error_code: "skipped" });
    expect(result.success).toBe(false);

    const record = await codespar.toolCall(result.results[1]!.tool_call_id!);
    expect(record).toMatchObject({ tool: "codespar_pay", action: "refund", status: "error", error_code: "provider_not_connected", metadata: { source: "cron:bulk-refund" } });

    await session.close();
    await session.close();
    await expect(session.execute("codespar_discover", {})).rejects.toMatchObject({ code: "session_closed", status: 410 });
  });

  it("aborts the rest of the loop on the first failure by default, keeping results parallel to steps", async () => {
    const codespar = new CodeSpar({ apiKey: t.keyA, baseUrl: t.url });
    const session = await codespar.create("u", { servers: ["asaas"] });
    const result = await loop(session, {
      steps: [
        { tool: "codespar_discover", params: {} },
        { tool: "codespar_pay", params: { action: "refund", payment_id: "pay_abc" } },
        { tool: "codespar_discover", params: {} },
      ],
    });
    expect(result.results.map((r) => r.error_code)).toEqual([null, "provider_not_connected", "aborted"]);
    expect(result.completedSteps).toBe(1); // steps that succeeded
    await session.close();
  });

  it("throws typed errors: a bad key at construction, unauthorized from the server", async () => {
    expect(() => new CodeSpar({ apiKey: "sk_test_nope", baseUrl: t.url })).toThrow();
    const stranger = new CodeSpar({ apiKey: "csk_test_" + "Z".repeat(32), baseUrl: t.url });
    const err = await stranger.create("u").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodesparApiError);
    expect(err).toMatchObject({ status: 401, code: "unauthorized" });
  });
});
