import { afterEach, describe, expect, it } from "vitest";
import { CodeSpar, CodesparApiError, TimeoutError } from "../src/index.js";
import { deadUrl, envelope, sessionBody, startServer, TEST_KEY, type Reply, type TestServer } from "./helpers/test-server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(handler: Parameters<typeof startServer>[0], options: { timeout?: number; maxNetworkRetries?: number } = {}) {
  server = await startServer(handler);
  return { client: new CodeSpar({ apiKey: TEST_KEY, baseUrl: server.url, ...options }), server };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (err: unknown) => err,
  );
}

describe("requests", () => {
  it("sends the bearer key, JSON and the SDK's User-Agent", async () => {
    const { client, server } = await clientFor(() => ({ body: { project_id: "prj_1" } }));
    expect(await client.whoami()).toEqual({ project_id: "prj_1" });
    const [req] = server.requests;
    expect(req).toMatchObject({ method: "GET", path: "/v1/whoami" });
    expect(req?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(req?.headers.accept).toBe("application/json");
    expect(req?.headers["user-agent"]).toMatch(/^codespar-sdk-node\/\d+\.\d+\.\d+/);
  });

  it("creates a session with user_id, servers, metadata, preset and project_id", async () => {
    const { client, server } = await clientFor(() => ({ status: 201, body: { ...sessionBody(), metadata: { source: "cron" } } }));
    const session = await client.create("refund-worker", {
      servers: ["stripe", "asaas"],
      metadata: { source: "cron" },
      preset: "brazilian",
      projectId: "prj_1",
    });
    expect(server.requests[0]).toMatchObject({
      method: "POST",
      path: "/v1/sessions",
      body: { user_id: "refund-worker", servers: ["stripe", "asaas"], metadata: { source: "cron" }, preset: "brazilian", project_id: "prj_1" },
    });
    expect(server.requests[0]?.headers["content-type"]).toBe("application/json");
    expect(session).toMatchObject({ id: "ses_1", userId: "refund-worker", projectId: "prj_1", metadata: { source: "cron" } });
  });

  it("sends empty servers and metadata, and no preset or project_id, when none are given", async () => {
    const { client, server } = await clientFor(() => ({ body: sessionBody() }));
    await client.create("u1");
    expect(server.requests[0]?.body).toEqual({ user_id: "u1", metadata: {} });
  });

  it("lists sessions with the before cursor and limit, and gives the next cursor", async () => {
    const { client, server } = await clientFor(() => ({ body: { sessions: [sessionBody("ses_9"), sessionBody("ses_8")], has_more: true } }));
    const page = await client.listSessions({ before: "ses_10", limit: 2 });
    expect(server.requests[0]?.path).toBe("/v1/sessions?before=ses_10&limit=2");
    expect(page).toMatchObject({ has_more: true, next_before: "ses_8" });
    expect(page.sessions.map((s) => s.id)).toEqual(["ses_9", "ses_8"]);
  });

  it("reads the catalog, a tool call and a session by id from their paths", async () => {
    const replies: Record<string, Reply> = {
      "/v1/tools": { body: { tools: [{ name: "codespar_pay" }] } },
      "/v1/servers": { body: { servers: [{ id: "stripe" }] } },
      "/v1/tool-calls/tc%2F1": { body: { id: "tc/1", tool: "codespar_pay" } },
      "/v1/sessions/ses_1": { body: sessionBody() },
    };
    const { client } = await clientFor((req) => replies[req.path] ?? { status: 404, body: envelope("not_found", "nope") });
    expect(await client.tools()).toEqual([{ name: "codespar_pay" }]);
    expect(await client.servers()).toEqual([{ id: "stripe" }]);
    expect(await client.toolCall("tc/1")).toEqual({ id: "tc/1", tool: "codespar_pay" });
    expect((await client.getSession("ses_1")).id).toBe("ses_1");
  });
});

describe("errors", () => {
  it("turns the error envelope into CodesparApiError with status, code, message, details and requestId", async () => {
    const body = { error: { code: "unauthorized", message: "Unknown API key", details: { hint: "rotate" } }, request_id: "req_42" };
    const { client } = await clientFor(() => ({ status: 401, body }));
    const err = await rejection(client.whoami());
    expect(err).toBeInstanceOf(CodesparApiError);
    expect(err).toMatchObject({ status: 401, code: "unauthorized", message: "Unknown API key", requestId: "req_42", details: { hint: "rotate" }, body });
  });

  it("takes the request id from X-Request-Id and a code from the status when there is no envelope", async () => {
    const { client } = await clientFor(() => ({ status: 502, raw: "<html>Bad Gateway</html>", headers: { "x-request-id": "req_7" } }));
    const err = await rejection(client.whoami());
    expect(err).toMatchObject({ status: 502, code: "internal_error", requestId: "req_7", body: "<html>Bad Gateway</html>" });
  });

  it("reads Retry-After on a 429", async () => {
    const { client } = await clientFor(() => ({ status: 429, body: envelope("rate_limited", "Slow down"), headers: { "retry-after": "2" } }));
    expect(await rejection(client.whoami())).toMatchObject({ status: 429, code: "rate_limited", retryAfterMs: 2000 });
  });

  it("rejects a 2xx answer that is not JSON as invalid_response", async () => {
    const { client } = await clientFor(() => ({ raw: "hello" }));
    expect(await rejection(client.whoami())).toMatchObject({ status: 200, code: "invalid_response" });
  });

  it("throws TimeoutError (code timeout) when the server is slower than timeout", async () => {
    const { client } = await clientFor(() => ({ body: { project_id: "p" }, delayMs: 500 }), { timeout: 50 });
    const err = await rejection(client.whoami());
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ code: "timeout", timeoutMs: 50 });
    expect((err as Error).message).toContain("GET /v1/whoami");
  });

  it("throws network_error with status 0 when nothing listens, naming the URL but not the key", async () => {
    const url = await deadUrl();
    const err = await rejection(new CodeSpar({ apiKey: TEST_KEY, baseUrl: url }).whoami());
    expect(err).toBeInstanceOf(CodesparApiError);
    expect(err).toMatchObject({ status: 0, code: "network_error" });
    expect((err as Error).message).toContain(url);
    expect((err as Error).message).toContain("ECONNREFUSED");
    expect((err as Error).message).not.toContain(TEST_KEY);
  });

  it("redacts the key from a server message that echoes it", async () => {
    const { client } = await clientFor((req) => ({ status: 401, body: envelope("unauthorized", `Rejected ${String(req.headers.authorization)}`) }));
    const err = (await rejection(client.whoami())) as Error;
    expect(err.message).toBe("Rejected Bearer csk_***");
  });
});

describe("maxNetworkRetries", () => {
  it("does not retry by default", async () => {
    const { client, server } = await clientFor(() => ({ status: 503, body: envelope("provider_unavailable", "down") }));
    await rejection(client.whoami());
    expect(server.requests).toHaveLength(1);
  });

  it("retries a retryable failure and returns the answer that succeeds", async () => {
    let n = 0;
    const { client, server } = await clientFor(
      () => (++n < 3 ? { status: 503, body: envelope("internal_error", "down"), headers: { "retry-after": "0" } } : { body: { project_id: "p" } }),
      { maxNetworkRetries: 2 },
    );
    expect(await client.whoami()).toEqual({ project_id: "p" });
    expect(server.requests).toHaveLength(3);
  });

  it("does not retry a non-retryable error", async () => {
    const { client, server } = await clientFor(() => ({ status: 401, body: envelope("unauthorized", "no") }), { maxNetworkRetries: 3 });
    await rejection(client.whoami());
    expect(server.requests).toHaveLength(1);
  });
});
