import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.close());

describe("API key authentication", () => {
  it("refuses a request without a key with 401 unauthorized, the envelope and a request id", async () => {
    const res = await t.api("GET", "/v1/whoami", { key: null });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
    expect(res.body.request_id).toMatch(/^req_/);
    expect(res.headers.get("x-request-id")).toBe(res.body.request_id);
  });

  it("refuses a key with the wrong prefix without echoing it", async () => {
    const res = await t.api("GET", "/v1/whoami", { key: "sk_test_abcdefabcdefabcdefabcdefabcdefab" });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
    expect(JSON.stringify(res.body)).not.toContain("sk_test_abcdef");
  });

  it("refuses a well-formed key that was never issued", async () => {
    const res = await t.api("GET", "/v1/whoami", { key: "csk_test_" + "A".repeat(32) });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
  });

  it("refuses a non-Bearer scheme", async () => {
    const res = await t.api("GET", "/v1/whoami", { key: null, headers: { authorization: `Basic ${t.keyA}` } });
    expect(res.status).toBe(401);
  });

  it("names the project and mode of a good key", async () => {
    const res = await t.api("GET", "/v1/whoami");
    expect(res.status).toBe(200);
    expect(res.body.project.name).toBe("alpha");
    expect(res.body.key.mode).toBe("test");
    expect(res.body.key.prefix).not.toContain(t.keyA.slice(13));
  });

  it("stores keys only as hashes", async () => {
    const db = (t.server.services.store as unknown as { kind: string }).kind;
    expect(db).toBe(process.env.CODESPAR_TEST_STORE === "postgres" ? "postgres" : "sqlite");
    const keys = await t.server.services.store.apiKeys.listForProject((await t.server.services.store.projects.getByName("alpha"))!.id);
    for (const k of keys) {
      expect(JSON.stringify(k)).not.toContain(t.keyA);
      expect(k.key_hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("hides another project's session and tool calls behind 404, not 403", async () => {
    const created = await t.api("POST", "/v1/sessions", { body: { user_id: "u1", servers: ["stripe"] } });
    expect(created.status).toBe(201);
    const exec = await t.api("POST", `/v1/sessions/${created.body.id}/execute`, { body: { tool: "codespar_discover", input: { domain: "payments", capability: "refund" } } });
    expect(exec.status).toBe(200);
    const other = { key: t.keyB };
    expect((await t.api("GET", `/v1/sessions/${created.body.id}`, other)).status).toBe(404);
    const execOther = await t.api("POST", `/v1/sessions/${created.body.id}/execute`, { ...other, body: { tool: "codespar_discover", input: {} } });
    expect(execOther.status).toBe(404);
    expect(execOther.body.error.code).toBe("session_not_found");
    expect((await t.api("DELETE", `/v1/sessions/${created.body.id}`, other)).status).toBe(404);
    const call = await t.api("GET", `/v1/tool-calls/${exec.body.tool_call_id}`, other);
    expect(call.status).toBe(404);
    expect(call.body.error.code).toBe("not_found");
    expect((await t.api("GET", `/v1/tool-calls/${exec.body.tool_call_id}`)).status).toBe(200);
    const list = await t.api("GET", "/v1/sessions", other);
    expect(list.body.data.map((s: { id: string }) => s.id)).not.toContain(created.body.id);
  });
});
