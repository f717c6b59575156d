import { afterEach, describe, expect, it } from "vitest";
import { CodeSpar, CodesparApiError, loop, type Session } from "../src/index.js";
import { envelope, sessionBody, startServer, TEST_KEY, type Recorded, type Reply, type TestServer } from "./helpers/test-server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server that creates ses_1 and answers everything else with `handler`. */
async function sessionOn(handler: (req: Recorded) => Reply): Promise<{ session: Session; server: TestServer; calls: () => Recorded[] }> {
  server = await startServer((req) => (req.path === "/v1/sessions" ? { status: 201, body: sessionBody() } : handler(req)));
  const session = await new CodeSpar({ apiKey: TEST_KEY, baseUrl: server.url }).create("refund-worker", { servers: ["stripe"] });
  const s = server;
  return { session, server: s, calls: () => s.requests.slice(1) };
}

const toolResult = (over: Record<string, unknown> = {}) => ({
  success: true,
  data: { refund_id: "re_1" },
  error: null,
  error_code: null,
  duration: 12,
  server: "stripe",
  tool: "codespar_pay",
  tool_call_id: "tc_1",
  called_at: "2025-01-01T00:00:01.000Z",
  ...over,
});

describe("Session.execute", () => {
  it("posts { tool, input } to the session's execute path with the key, and returns the ToolResult", async () => {
    const { session, calls } = await sessionOn(() => ({ body: toolResult() }));
    const result = await session.execute("codespar_pay", { action: "refund", payment_id: "pi_1" });

    expect(calls()[0]).toMatchObject({
      method: "POST",
      path: "/v1/sessions/ses_1/execute",
      body: { tool: "codespar_pay", input: { action: "refund", payment_id: "pi_1" } },
    });
    expect(calls()[0]?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(result).toEqual(toolResult());
  });

  it("resolves, not throws, when the tool failed (HTTP 200, success: false)", async () => {
    const { session } = await sessionOn(() => ({
      body: toolResult({ success: false, data: null, error: "No such payment", error_code: "payment_not_found", server: null }),
    }));
    const result = await session.execute("codespar_pay", { action: "refund", payment_id: "pi_x" });
    expect(result).toMatchObject({ success: false, error_code: "payment_not_found", server: null });
  });

  it("fills fields the server left out, so the shape is always complete", async () => {
    const { session } = await sessionOn(() => ({ body: { success: true, data: { ok: 1 } } }));
    expect(await session.execute("codespar_pay", {})).toEqual({
      success: true,
      data: { ok: 1 },
      error: null,
      error_code: null,
      duration: 0,
      server: null,
      tool: "codespar_pay",
      tool_call_id: null,
      called_at: null,
    });
  });

  it("throws CodesparApiError for an HTTP error such as session_expired", async () => {
    const { session } = await sessionOn(() => ({ status: 410, body: envelope("session_expired", "Session expired", "req_5") }));
    const err = await session.execute("codespar_pay", {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodesparApiError);
    expect(err).toMatchObject({ status: 410, code: "session_expired", requestId: "req_5" });
  });
});

describe("Session.loop over HTTP", () => {
  it("turns a step's HTTP error into its failed result, and matches the exported loop()", async () => {
    let n = 0;
    const { session } = await sessionOn(() =>
      ++n === 2 ? { status: 410, body: envelope("session_expired", "Session expired") } : { body: toolResult({ tool_call_id: `tc_${n}` }) },
    );
    const steps = ["p1", "p2", "p3"].map((payment_id) => ({ tool: "codespar_pay", params: { action: "refund", payment_id } }));
    const viaMethod = await session.loop({ steps, abortOnError: false });
    expect(viaMethod.results.map((r) => r.error_code ?? r.tool_call_id)).toEqual(["tc_1", "session_expired", "tc_3"]);

    n = 0;
    const viaFunction = await loop(session, { steps, abortOnError: false });
    expect(viaFunction.results.map((r) => r.error_code ?? r.tool_call_id)).toEqual(["tc_1", "session_expired", "tc_3"]);
  });
});

describe("Session.discover", () => {
  const discovered = { servers: [{ id: "stripe", connected: true, healthy: true }] };

  it("lets the cookbook read capabilities.servers straight off execute()", async () => {
    const { session, calls } = await sessionOn(() => ({ body: toolResult({ tool: "codespar_discover", data: discovered }) }));
    const capabilities = await session.execute("codespar_discover", { domain: "payments", capability: "refund" });
    expect(capabilities.servers.length > 0).toBe(true);
    expect(calls()[0]?.body).toEqual({ tool: "codespar_discover", input: { domain: "payments", capability: "refund" } });
  });

  it("gives an empty servers list on execute() when discovery failed", async () => {
    const { session } = await sessionOn(() => ({ body: toolResult({ success: false, data: null, error: "x", error_code: "internal_error" }) }));
    expect((await session.execute("codespar_discover", { domain: "payments" })).servers).toEqual([]);
  });

  it("returns the data, sending a string as use_case", async () => {
    const { session, calls } = await sessionOn(() => ({ body: toolResult({ tool: "codespar_discover", data: discovered }) }));
    expect(await session.discover("refund a card payment")).toEqual(discovered);
    expect(calls()[0]?.body).toEqual({ tool: "codespar_discover", input: { use_case: "refund a card payment" } });
  });

  it("throws the tool's error code when discovery failed", async () => {
    const { session } = await sessionOn(() => ({ body: toolResult({ success: false, data: null, error: "Bad query", error_code: "invalid_request" }) }));
    await expect(session.discover({ domain: "x" })).rejects.toMatchObject({ code: "invalid_request", message: "Bad query" });
  });
});

describe("Session reads", () => {
  it("reads tools and connections from the session's connections", async () => {
    const { session, calls } = await sessionOn(() => ({
      body: { servers: [{ id: "stripe", connected: true }], tools: [{ name: "codespar_pay", server: null }] },
    }));
    expect(await session.connections()).toEqual([{ id: "stripe", connected: true }]);
    expect(await session.tools()).toEqual([{ name: "codespar_pay", server: null }]);
    expect(calls().map((c) => c.path)).toEqual(["/v1/sessions/ses_1/connections", "/v1/sessions/ses_1/connections"]);
  });

  it("reads a payment status by tool call id", async () => {
    const { session, calls } = await sessionOn(() => ({ body: { tool_call_id: "tc_1", status: "succeeded", events: [] } }));
    expect(await session.paymentStatus("tc_1")).toMatchObject({ status: "succeeded" });
    expect(calls()[0]?.path).toBe("/v1/tool-calls/tc_1/payment-status");
  });
});

describe("Session.close", () => {
  it("posts close once, however often it is called", async () => {
    const { session, calls } = await sessionOn(() => ({ body: { ...sessionBody(), status: "closed" } }));
    await Promise.all([session.close(), session.close()]);
    await session.close();
    expect(calls().map((c) => `${c.method} ${c.path}`)).toEqual(["POST /v1/sessions/ses_1/close"]);
    expect(session.info.status).toBe("closed");
  });

  it("never throws on a 500, and tries again on the next call", async () => {
    const { session, calls } = await sessionOn(() => ({ status: 500, body: envelope("internal_error", "boom") }));
    await expect(session.close()).resolves.toBeUndefined();
    await expect(session.close()).resolves.toBeUndefined();
    expect(calls()).toHaveLength(2);
    expect(session.info.status).toBe("active");
  });

  it("counts an already closed or expired session as closed", async () => {
    const { session, calls } = await sessionOn(() => ({ status: 410, body: envelope("session_expired", "gone") }));
    await session.close();
    await session.close();
    expect(calls()).toHaveLength(1);
    expect(session.info.status).toBe("closed");
  });

  it("never throws when the server is unreachable", async () => {
    const { session, server } = await sessionOn(() => ({}));
    await server.close();
    await expect(session.close()).resolves.toBeUndefined();
  });

  it("never throws on a timeout", async () => {
    server = await startServer((req) => (req.path === "/v1/sessions" ? { body: sessionBody() } : { body: {}, delayMs: 500 }));
    const session = await new CodeSpar({ apiKey: TEST_KEY, baseUrl: server.url, timeout: 50 }).create("u");
    await expect(session.close()).resolves.toBeUndefined();
  });
});
