import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { startSandbox, type Sandbox, type SeededPayment } from "@codespar/sandbox";
import { buildApp, createApiKey, defaultServerConfig } from "@codespar/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mercadoPagoSignature, nowS, stripeRefundEvent, stripeSignature } from "./hostile-context.js";
import { send, type Answer } from "./http-client.js";

/** Wrong but well-formed provider keys: every call through them fails with provider_auth_failed. */
const WRONG = {
  asaas: "$aact_WrongKeyForLogTest00000000000000000001",
  mercadopago: "TEST-1111111111111111-010101-wrongwrongwrongwrongwrongwrong-00000001",
  stripe: "sk_test_WrongKeyForLogTest0000000000000001",
};
const SECRET = { stripe: "whsec_LogTestStripeSecret000000000001", asaas: "LogTestAsaasToken000000000000000001", mercadopago: "LogTestMercadoPagoSecret0000000000001" };

const lines: string[] = [];
const answers: Answer[] = [];
let app: FastifyInstance;
let sandbox: Sandbox;
let dataDir: string;
let url: string;
let apiKey: string;
let payments: SeededPayment[];
const conn: Record<string, string> = {};

async function call(method: string, path: string, opts: { key?: string | null; headers?: Record<string, string>; body?: unknown; raw?: string } = {}): Promise<Answer> {
  const key = opts.key === undefined ? apiKey : opts.key;
  const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const headers = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { "content-type": "application/json" } : {}), ...opts.headers };
  const a = await send(url, { method, path, headers, ...(body !== undefined ? { body } : {}) });
  answers.push(a);
  return a;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  sandbox = await startSandbox();
  dataDir = mkdtempSync(join(tmpdir(), "codespar-logs-"));
  // Trace level: everything the server can say is captured, including the poller's debug lines.
  const config = defaultServerConfig({ dataDir, logLevel: "trace", settlementPollIntervalMs: 100, settlementBackoffBaseMs: 50, settlementBackoffMaxMs: 100 });
  const built = await buildApp({ config, logStream: { write: (line) => void lines.push(line) } });
  app = built.app;
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  apiKey = (await createApiKey(built.services.store, "logs", "test", "USD")).apiKey;
  for (const [server, key] of [["stripe", sandbox.stripe.key], ["asaas", WRONG.asaas], ["mercadopago", WRONG.mercadopago]] as const) {
    const res = await call("POST", "/v1/connections", { body: { server, base_url: sandbox[server].url, credentials: { api_key: key, webhook_secret: SECRET[server] } } });
    expect(res.status).toBe(201);
    conn[server] = res.body.id;
  }
  payments = await sandbox.seed(6);
}, 30_000);

afterAll(async () => {
  await app?.close();
  await sandbox?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("no secret reaches the logs or an error body", () => {
  it("fails in many ways while every log line is captured", async () => {
    const session = (await call("POST", "/v1/sessions", { body: { user_id: "u" } })).body.id as string;
    const exec = (input: Record<string, unknown>, tool = "codespar_pay") => call("POST", `/v1/sessions/${session}/execute`, { body: { tool, input } });
    const byServer = (s: string) => payments.find((p) => p.server === s)!;

    // Provider auth failures through the wrong keys, and a discover that health-checks all three.
    for (const s of ["asaas", "mercadopago"]) {
      const refused = await exec({ action: "refund", payment_id: byServer(s).payment_id });
      expect(refused.body).toMatchObject({ success: false, error_code: "provider_auth_failed" });
      expect((await exec({ action: "status", payment_id: byServer(s).payment_id })).body.error_code).toBe("provider_auth_failed");
    }
    expect((await exec({ domain: "payments", capability: "refund" }, "codespar_discover")).status).toBe(200);
    expect((await exec({ action: "refund", payment_id: byServer("stripe").payment_id, amount: 10 ** 9 })).body.success).toBe(false);

    // Keys where they do not belong.
    await call("GET", "/v1/whoami", { key: sandbox.stripe.key });
    await call("GET", "/v1/whoami", { key: null, headers: { authorization: `Basic ${Buffer.from(`${apiKey}:`).toString("base64")}` } });
    await call("GET", `/v1/whoami?api_key=${apiKey}&token=${SECRET.stripe}&secret=${WRONG.stripe}`, { key: null });
    await call("GET", `/v1/sessions/${apiKey}`);
    await call("GET", `/v1/no-such-route/${apiKey}`);
    await call("GET", "/v1/whoami", { headers: { "x-request-id": apiKey } });
    await call("GET", "/v1/whoami", { key: `csk_test_${"Z".repeat(32)}` });
    await call("POST", "/v1/connections", { body: { server: "stripe", credentials: { api_key: sandbox.asaas.key } } });
    await call("POST", "/v1/connections", { body: { server: "stripe", mode: "live", credentials: { api_key: "sk_live_LogTestLiveKey00000000000001", webhook_secret: SECRET.stripe } } });
    await call("POST", "/v1/connections", { body: { server: "asaas", credentials: { api_key: WRONG.asaas, webhook_secret: SECRET.asaas }, surprise: WRONG.stripe } });
    await call("POST", "/v1/sessions", { raw: `{"user_id":"${apiKey}"` });

    // Webhooks: forged, wrong secret, a secret used as the token, and an authentic one whose read-back fails.
    const event = stripeRefundEvent("evt_logs_0001");
    await call("POST", `/v1/webhooks/stripe/${conn.stripe}`, { key: null, raw: event, headers: { "stripe-signature": stripeSignature(event, "whsec_attacker") } });
    await call("POST", `/v1/webhooks/stripe/${conn.stripe}`, { key: null, raw: event.replace("succeeded", "failed"), headers: { "stripe-signature": stripeSignature(event, SECRET.stripe) } });
    await call("POST", `/v1/webhooks/asaas/${conn.asaas}`, { key: null, raw: "{}", headers: { "asaas-access-token": SECRET.stripe } });
    const mpPayment = byServer("mercadopago").payment_id;
    const readBack = await call("POST", `/v1/webhooks/mercadopago/${conn.mercadopago}?data.id=${mpPayment}&type=payment`, {
      key: null,
      raw: JSON.stringify({ id: 1, type: "payment", action: "payment.updated", data: { id: mpPayment } }),
      headers: { "x-request-id": "mp-delivery-0001", "x-signature": mercadoPagoSignature(mpPayment, "mp-delivery-0001", SECRET.mercadopago, nowS()) },
    });
    expect([readBack.status, readBack.body.error.code]).toEqual([503, "provider_unavailable"]);

    // A refund left pending, then its connection's key replaced by a wrong one: the poller's read-backs fail.
    sandbox.stripe.setRefundBehaviour({ pendingRate: 1, settleAfterMs: 60_000 });
    const pending = await exec({ action: "refund", payment_id: byServer("stripe").payment_id, amount: 100 });
    expect(pending.body.success).toBe(true);
    await call("POST", "/v1/connections", { body: { server: "stripe", base_url: sandbox.stripe.url, credentials: { api_key: WRONG.stripe, webhook_secret: SECRET.stripe } } });
    for (let i = 0; i < 40 && !lines.some((l) => l.includes("settlement poll failed")); i++) await sleep(50);
  });

  it("the logs said a lot, at every level, and none of it was a secret", () => {
    const all = lines.join("");
    expect(lines.length).toBeGreaterThan(50);
    expect(all).toContain("settlement poll failed");
    expect(all).toContain("provider_auth_failed");
    // The key sent in the query string was logged with its value replaced.
    expect(all).toMatch(/"url":"\/v1\/whoami\?api_key=\[redacted\]&token=\[redacted\]&secret=\[redacted\]"/);
    for (const secret of secretsOf()) expect(all.includes(secret), `a log line holds ${secret.slice(0, 10)}…`).toBe(false);
  });

  it("no error body (nor any answer) carried one either", () => {
    expect(answers.filter((a) => a.status >= 400).length).toBeGreaterThan(10);
    for (const a of answers) {
      const text = `${JSON.stringify(a.headers)}\n${a.text}`;
      for (const secret of secretsOf()) expect(text.includes(secret), `answer ${a.status} holds ${secret.slice(0, 10)}…`).toBe(false);
    }
  });
});

function secretsOf(): string[] {
  return [apiKey, sandbox.stripe.key, sandbox.asaas.key, sandbox.mercadopago.key, ...Object.values(WRONG), ...Object.values(SECRET), "sk_live_LogTestLiveKey00000000000001"];
}
