import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";

let t: TestServer;
let sessionId: string;
beforeAll(async () => {
  t = await startTestServer({ bodyLimitBytes: 4096 });
  sessionId = (await t.api("POST", "/v1/sessions", { body: { user_id: "u", servers: ["stripe", "asaas", "mercadopago"] } })).body.id;
});
afterAll(async () => t.close());

async function toolCallCount(): Promise<number> {
  const project = await t.server.services.store.projects.getByName("alpha");
  return t.server.services.store.toolCalls.countForProject(project!.id);
}

describe("bad input is refused with a stable code and changes nothing", () => {
  it("answers malformed JSON with 400 invalid_request", async () => {
    const res = await t.api("POST", `/v1/sessions/${sessionId}/execute`, { rawBody: "{not json", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_request");
  });

  it("answers an oversize body with 413 payload_too_large", async () => {
    const res = await t.api("POST", "/v1/sessions", { body: { user_id: "u", metadata: { blob: "x".repeat(10_000) } } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
  });

  it("answers a non-JSON content type with 415", async () => {
    const res = await t.api("POST", "/v1/sessions", { rawBody: "user_id=u", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe("invalid_request");
  });

  it("answers an unknown route with 404 not_found in the envelope", async () => {
    const res = await t.api("GET", "/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });

  it.each([
    ["negative amount", { action: "refund", payment_id: "pi_123", amount: -5 }],
    ["zero amount", { action: "refund", payment_id: "pi_123", amount: 0 }],
    ["fractional amount", { action: "refund", payment_id: "pi_123", amount: 10.5 }],
    ["string amount", { action: "refund", payment_id: "pi_123", amount: "1000" }],
    ["huge amount", { action: "refund", payment_id: "pi_123", amount: 2 ** 60 }],
    ["missing payment id", { action: "refund", amount: 100 }],
    ["payment id with path characters", { action: "refund", payment_id: "../../etc/passwd" }],
    ["unknown action", { action: "teleport", payment_id: "pi_123" }],
    ["unknown field", { action: "refund", payment_id: "pi_123", amount: 100, surprise: true }],
  ])("refuses codespar_pay with %s before recording a tool call", async (_name, input) => {
    const before = await t.server.services.store.sessions.get((await t.server.services.store.projects.getByName("alpha"))!.id, sessionId);
    const callsBefore = await toolCallCount();
    const res = await t.api("POST", `/v1/sessions/${sessionId}/execute`, { body: { tool: "codespar_pay", input } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_request");
    expect(res.body.error.details.issues.length).toBeGreaterThan(0);
    const after = await t.server.services.store.sessions.get(before!.project_id, sessionId);
    expect(after!.last_active_at).toBe(before!.last_active_at);
    expect(await toolCallCount()).toBe(callsBefore);
  });

  it("refuses an unknown tool with 400 unknown_tool", async () => {
    const res = await t.api("POST", `/v1/sessions/${sessionId}/execute`, { body: { tool: "codespar_teleport", input: {} } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("unknown_tool");
    expect(await toolCallCount()).toBe(0);
  });

  it("refuses discover input of the wrong types", async () => {
    const res = await t.api("POST", `/v1/sessions/${sessionId}/execute`, { body: { tool: "codespar_discover", input: { capability: "teleport", limit: "3" } } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_request");
  });

  it("exposes Prometheus metrics and health without auth", async () => {
    expect((await t.api("GET", "/healthz", { key: null })).body.status).toBe("ok");
    const metrics = await t.api("GET", "/metrics", { key: null });
    expect(metrics.status).toBe(200);
    expect(String(metrics.body)).toContain("codespar_http_requests_total");
  });
});
