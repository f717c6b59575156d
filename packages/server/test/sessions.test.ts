import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ sessionIdleTimeoutMs: 400 });
});
afterAll(async () => t.close());

const discover = { tool: "codespar_discover", input: { domain: "payments", capability: "refund" } };

describe("sessions", () => {
  it("keeps servers, user_id and metadata, and lists newest first with a cursor", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.api("POST", "/v1/sessions", { body: { user_id: `user-${i}`, servers: ["stripe", "asaas"], metadata: { source: "cron:bulk-refund", i } } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ user_id: `user-${i}`, servers: ["stripe", "asaas"], status: "active", metadata: { source: "cron:bulk-refund", i } });
      expect(Date.parse(res.body.expires_at)).toBeGreaterThan(Date.parse(res.body.created_at));
      ids.push(res.body.id);
    }
    const page1 = await t.api("GET", "/v1/sessions?limit=2");
    expect(page1.body.data.map((s: { id: string }) => s.id)).toEqual([ids[2], ids[1]]);
    const page2 = await t.api("GET", `/v1/sessions?limit=2&before=${page1.body.next_before}`);
    expect(page2.body.data[0].id).toBe(ids[0]);
  });

  it("refuses unknown servers and bad bodies with invalid_request", async () => {
    const res = await t.api("POST", "/v1/sessions", { body: { user_id: "u", servers: ["paypal"] } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_request");
    const noUser = await t.api("POST", "/v1/sessions", { body: { servers: ["stripe"] } });
    expect(noUser.status).toBe(400);
    expect(noUser.body.error.details.issues[0].path).toBe("user_id");
  });

  it("attaches the session's metadata to every tool call", async () => {
    const s = await t.api("POST", "/v1/sessions", { body: { user_id: "u", servers: ["stripe"], metadata: { source: "cron:bulk-refund" } } });
    const exec = await t.api("POST", `/v1/sessions/${s.body.id}/execute`, { body: discover });
    expect(exec.body.tool_call_id).toMatch(/^tc_/);
    const call = await t.api("GET", `/v1/tool-calls/${exec.body.tool_call_id}`);
    expect(call.body).toMatchObject({ tool: "codespar_discover", status: "success", metadata: { source: "cron:bulk-refund" }, session_id: s.body.id });
    expect(call.body.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it("closes by DELETE and by POST, idempotently, and refuses calls on a closed session", async () => {
    const a = await t.api("POST", "/v1/sessions", { body: { user_id: "u", servers: ["stripe"] } });
    const closed = await t.api("DELETE", `/v1/sessions/${a.body.id}`);
    expect(closed.body.status).toBe("closed");
    expect((await t.api("POST", `/v1/sessions/${a.body.id}/close`)).body.status).toBe("closed");
    const exec = await t.api("POST", `/v1/sessions/${a.body.id}/execute`, { body: discover });
    expect(exec.status).toBe(410);
    expect(exec.body.error.code).toBe("session_closed");
  });

  it("expires a session idle past the configured timeout; activity keeps it alive", async () => {
    const s = await t.api("POST", "/v1/sessions", { body: { user_id: "u", servers: ["stripe"] } });
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 200));
      expect((await t.api("POST", `/v1/sessions/${s.body.id}/execute`, { body: discover })).status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 550));
    const exec = await t.api("POST", `/v1/sessions/${s.body.id}/execute`, { body: discover });
    expect(exec.status).toBe(410);
    expect(exec.body.error.code).toBe("session_expired");
    expect((await t.api("GET", `/v1/sessions/${s.body.id}`)).body.status).toBe("expired");
  });

  it("lists the session's servers with connection state and tools", async () => {
    const s = await t.api("POST", "/v1/sessions", { body: { user_id: "u", servers: ["stripe", "mercadopago"] } });
    const res = await t.api("GET", `/v1/sessions/${s.body.id}/connections`);
    expect(res.body.servers.map((x: { id: string }) => x.id)).toEqual(["stripe", "mercadopago"]);
    expect(res.body.servers.every((x: { connected: boolean }) => x.connected === false)).toBe(true);
    expect(res.body.tools.map((x: { name: string }) => x.name)).toEqual(["codespar_discover", "codespar_pay"]);
  });
});
