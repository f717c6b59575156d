import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { envelope, sessionBody, startServer, TEST_KEY, type Recorded, type Reply, type TestServer } from "./helpers/test-server.js";

/**
 * The cookbook's bulk-refund.ts as the example keeps it, verbatim: it builds its client at
 * import time from the environment, so each test imports it afresh after setting that up. If
 * this stops compiling or passing, the cookbook no longer works.
 */
async function cookbook() {
  vi.resetModules();
  return import("../../../examples/bulk-refund/src/bulk-refund.js");
}

/** Refunds any payment except pay_missing, which the provider does not know. */
function fakeCodeSpar(req: Recorded): Reply {
  if (req.path === "/v1/sessions") return { status: 201, body: sessionBody() };
  if (req.path === "/v1/sessions/ses_1/close") return { body: { ...sessionBody(), status: "closed" } };
  if (req.path !== "/v1/sessions/ses_1/execute") return { status: 404, body: envelope("not_found", "No route") };
  const { tool, input } = req.body as { tool: string; input: Record<string, unknown> };
  const base = { tool, duration: 3, called_at: new Date().toISOString(), tool_call_id: `tc_${String(input.payment_id ?? "discover")}` };
  if (tool === "codespar_discover") {
    return { body: { ...base, success: true, data: { servers: [{ id: "stripe", connected: true }] }, error: null, error_code: null, server: null } };
  }
  if (input.payment_id === "pay_missing") {
    return { body: { ...base, success: false, data: null, error: "Asaas has no payment pay_missing", error_code: "payment_not_found", server: "asaas" } };
  }
  return { body: { ...base, success: true, data: { refund_id: `re_${String(input.payment_id)}`, amount: input.amount }, error: null, error_code: null, server: "stripe" } };
}

let server: TestServer;
beforeEach(async () => {
  server = await startServer(fakeCodeSpar);
  vi.stubEnv("CODESPAR_API_KEY", TEST_KEY);
  vi.stubEnv("CODESPAR_BASE_URL", server.url);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await server.close();
});

describe("the bulk-refund cookbook, unchanged", () => {
  it("refunds what it can, reports each failure in its place, and closes the session", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { bulkRefund } = await cookbook();

    const summary = await bulkRefund([
      { payment_id: "pi_1", amount: 1000, reason: "chargeback" },
      { payment_id: "pay_missing", amount: 500, reason: "dispute" },
      { payment_id: "123456", amount: 250, reason: "cleanup" },
    ]);

    expect(summary.total).toBe(3);
    expect(summary.succeeded).toBe(2);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0]).toMatchObject({ tool_call_id: "tc_pay_missing", error: "Asaas has no payment pay_missing", data: null });
    expect(logged).toHaveBeenCalledTimes(1);
    expect(logged.mock.calls[0]?.[0]).toBe("Refund 1 failed");

    const paths = server.requests.map((r) => r.path);
    expect(paths[0]).toBe("/v1/sessions");
    expect(paths.at(-1)).toBe("/v1/sessions/ses_1/close");
    expect(server.requests[0]?.body).toMatchObject({ servers: ["stripe", "asaas", "mercadopago"], metadata: { source: "cron:bulk-refund" } });
    expect(server.requests.filter((r) => r.path.endsWith("/execute")).map((r) => (r.body as { input: { payment_id: string } }).input.payment_id)).toEqual([
      "pi_1",
      "pay_missing",
      "123456",
    ]);
  });

  it("runs the pre-flight discover snippet as written", async () => {
    const { codespar } = await cookbook();
    const session = await codespar.create("refund-worker", { servers: ["stripe"] });
    const capabilities = await session.execute("codespar_discover", {
      domain: "payments",
      capability: "refund",
    });
    // Only proceed if capabilities.servers.length > 0
    expect(capabilities.servers.length > 0).toBe(true);
    await session.close();
  });
});
