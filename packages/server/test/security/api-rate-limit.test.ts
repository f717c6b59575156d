import { CodeSpar } from "@codespar/sdk";
import { serverConfigFromEnv } from "@codespar/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

let t: TestServer;
let projectA: string;
beforeAll(async () => {
  // Three at once, then one every 20 s: reached at once, and no token comes back during the test however slow the machine.
  t = await startTestServer({ apiRateLimitPerKey: 0.05, apiRateBurst: 3 });
  projectA = (await t.server.services.store.projects.getByName("alpha"))!.id;
});
afterAll(async () => t.close());

async function state() {
  const store = t.server.services.store;
  return { sessions: (await store.sessions.list(projectA, { limit: 100 })).length, toolCalls: await store.toolCalls.countForProject(projectA) };
}

describe("the per-key API rate limit", () => {
  it("counts down in RateLimit headers, then answers a clear 429 with Retry-After that changed nothing", async () => {
    const session = await t.api("POST", "/v1/sessions", { body: { user_id: "u" } });
    expect(session.status).toBe(201);
    expect(session.headers.get("ratelimit-limit")).toBe("3");
    expect(session.headers.get("ratelimit-remaining")).toBe("2");
    expect(Number(session.headers.get("ratelimit-reset"))).toBeGreaterThanOrEqual(1);
    expect((await t.api("GET", "/v1/whoami")).headers.get("ratelimit-remaining")).toBe("1");
    expect((await t.api("GET", `/v1/sessions/${session.body.id}`)).headers.get("ratelimit-remaining")).toBe("0");

    const before = await state();
    const refusedCreate = await t.api("POST", "/v1/sessions", { body: { user_id: "u2" } });
    const refusedExecute = await t.api("POST", `/v1/sessions/${session.body.id}/execute`, { body: { tool: "codespar_discover", input: { domain: "payments", capability: "refund" } } });
    for (const refused of [refusedCreate, refusedExecute]) {
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe("rate_limited");
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(15);
      expect(retryAfter).toBeLessThanOrEqual(20);
      expect(refused.body.error.message).toMatch(new RegExp(`Too many requests from this API key: at most 3 at once and 0.05 per second; retry after ${retryAfter} s`));
      expect(refused.body.error.details).toEqual({ retry_after_s: retryAfter });
      expect(refused.body.request_id).toBe(refused.headers.get("x-request-id"));
      expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    }
    expect(await state()).toEqual(before);
  });

  it("is per key: another project's key is not slowed by this one", async () => {
    expect((await t.api("GET", "/v1/whoami")).status).toBe(429);
    const other = await t.api("GET", "/v1/whoami", { key: t.keyB });
    expect(other.status).toBe(200);
    expect(other.headers.get("ratelimit-remaining")).toBe("2");
  });

  it("counts refused keys by client address, so guessing keys is throttled too", async () => {
    const guesses = [];
    for (let i = 0; i < 5; i++) guesses.push(await t.api("GET", "/v1/whoami", { key: `csk_test_${String(i).repeat(32)}` }));
    expect(guesses.slice(0, 3).map((g) => g.status)).toEqual([401, 401, 401]);
    expect(guesses.slice(3).map((g) => [g.status, g.body.error.code])).toEqual([[429, "rate_limited"], [429, "rate_limited"]]);
    expect(guesses[4]!.body.error.message).toMatch(/client address/);
  });

  it("leaves webhooks and health checks alone", async () => {
    for (let i = 0; i < 6; i++) {
      const hook = await t.api("POST", "/v1/webhooks/stripe/conn_nope", { key: null, rawBody: "{}", headers: { "content-type": "application/json" } });
      expect(hook.status).toBe(404);
      expect(hook.headers.get("ratelimit-limit")).toBeNull();
      expect((await t.api("GET", "/healthz", { key: null })).status).toBe(200);
    }
  });

  it("lets the key through again after Retry-After, which the SDK waits out on its own", async () => {
    // One request every 2 s: long enough that the SDK's first attempt is surely refused.
    const slow = await startTestServer({ apiRateLimitPerKey: 0.5, apiRateBurst: 1 });
    try {
      expect((await slow.api("GET", "/v1/whoami")).status).toBe(200);
      const refused = await slow.api("GET", "/v1/whoami");
      expect([refused.status, refused.headers.get("retry-after")]).toEqual([429, "2"]);
      const codespar = new CodeSpar({ apiKey: slow.keyA, baseUrl: slow.url, maxNetworkRetries: 1 });
      const started = Date.now();
      const session = await codespar.create("after-429", { servers: ["stripe"] });
      expect(session.id).toMatch(/^ses_/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    } finally {
      await slow.close();
    }
  });
});

describe("rate limit configuration", () => {
  it("defaults to 500/s with a burst of 1000, from CODESPAR_API_RATE_LIMIT and CODESPAR_API_RATE_BURST", () => {
    expect(serverConfigFromEnv({})).toMatchObject({ apiRateLimitPerKey: 500, apiRateBurst: 1000 });
    expect(serverConfigFromEnv({ CODESPAR_API_RATE_LIMIT: "2.5", CODESPAR_API_RATE_BURST: "10" })).toMatchObject({ apiRateLimitPerKey: 2.5, apiRateBurst: 10 });
    expect(serverConfigFromEnv({ CODESPAR_API_RATE_LIMIT: "0" }).apiRateLimitPerKey).toBe(0);
    for (const bad of [{ CODESPAR_API_RATE_LIMIT: "fast" }, { CODESPAR_API_RATE_LIMIT: "-1" }, { CODESPAR_API_RATE_LIMIT: "" }, { CODESPAR_API_RATE_BURST: "0" }, { CODESPAR_API_RATE_BURST: "1.5" }]) {
      expect(() => serverConfigFromEnv(bad)).toThrow(/CODESPAR_API_RATE_(LIMIT|BURST)/);
    }
  });

  it("0 turns the limit off: no RateLimit headers and no 429", async () => {
    const open = await startTestServer({ apiRateLimitPerKey: 0, apiRateBurst: 1 });
    try {
      for (let i = 0; i < 5; i++) {
        const res = await open.api("GET", "/v1/whoami");
        expect(res.status).toBe(200);
        expect(res.headers.get("ratelimit-limit")).toBeNull();
      }
    } finally {
      await open.close();
    }
  });
});
