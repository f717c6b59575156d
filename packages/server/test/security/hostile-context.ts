import { createHash, createHmac, randomBytes } from "node:crypto";
import { startDevEnvironment, type DevEnvironment } from "@codespar/cli";
import { createApiKey } from "@codespar/server";
import { DbReader, settled } from "./db-snapshot.js";
import { send, type Answer } from "./http-client.js";

export const PROVIDERS = ["stripe", "asaas", "mercadopago"] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Body limits small enough that oversize bodies are cheap to send. */
export const BODY_LIMIT = 32 * 1024;
export const BATCH_BODY_LIMIT = 64 * 1024;

export interface Target {
  env: DevEnvironment;
  db: DbReader;
  api(method: string, path: string, key: string | null, body?: unknown): Promise<Answer>;
}

/** Everything a hostile request can aim at, made once before the corpus runs. */
export interface HostileContext {
  /** Project "alpha" on the default timeouts, with connections to the emulators, and project "beta". */
  main: Target;
  /** A server whose sessions expire after 300 ms of idleness. */
  short: Target;
  keys: { a: string; b: string; live: string; revoked: string; unknown: string; short: string };
  projectA: string;
  /** Ids of project alpha's things (on main), and of the expired session (on short). */
  ids: { session: string; closedSession: string; toolCall: string; refundCall: string; batch: string; expiredSession: string; connNoSecret: string };
  conn: Record<Provider, string>;
  webhookSecret: Record<Provider, string>;
  /** Webhook deliveries already received once: sending them again is a replay. */
  delivered: { stripe: { body: string; signature: string }; asaas: { body: string } };
  /** Every secret that must never show up in an answer, a log line or (in plain text) the database. */
  secrets: string[];
  close(): Promise<void>;
}

export const nowS = (): number => Math.floor(Date.now() / 1000);

export function stripeSignature(body: string, secret: string, t = nowS()): string {
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}

export function mercadoPagoSignature(dataId: string, requestId: string, secret: string, ts = nowS()): string {
  const manifest = `id:${dataId.toLowerCase()};request-id:${requestId};ts:${ts};`;
  return `ts=${ts},v1=${createHmac("sha256", secret).update(manifest).digest("hex")}`;
}

export function stripeRefundEvent(eventId: string): string {
  return JSON.stringify({
    id: eventId,
    object: "event",
    type: "refund.updated",
    data: { object: { id: `re_${eventId}`, object: "refund", amount: 1000, currency: "usd", status: "succeeded", metadata: {} } },
  });
}

export function asaasRefundEvent(eventId: string): string {
  return JSON.stringify({ id: eventId, event: "PAYMENT_REFUNDED", dateCreated: "2026-01-01", payment: { id: "pay_nobody000001", status: "REFUNDED", refunds: [] } });
}

function target(env: DevEnvironment): Target {
  return {
    env,
    db: new DbReader(env.dataDir),
    api: (method, path, key, body) =>
      send(env.baseUrl, {
        method,
        path,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { "content-type": "application/json" } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
  };
}

async function ok(what: string, answer: Promise<Answer>, status = [200, 201, 202]): Promise<any> {
  const a = await answer;
  if (!status.includes(a.status)) throw new Error(`setup: ${what} answered ${a.status} ${a.text}`);
  return a.body;
}

export async function startHostileContext(): Promise<HostileContext> {
  const quiet = { settlementPollIntervalMs: 0, logLevel: "silent" };
  // Webhooks off and no poller: nothing writes in the background, so any change is the request's.
  const mainEnv = await startDevEnvironment({ seed: 4, webhooks: false, projectName: "alpha", server: { ...quiet, bodyLimitBytes: BODY_LIMIT, batchBodyLimitBytes: BATCH_BODY_LIMIT } });
  const shortEnv = await startDevEnvironment({ webhooks: false, projectName: "short", server: { ...quiet, sessionIdleTimeoutMs: 300 } });
  const main = target(mainEnv);
  const short = target(shortEnv);
  const store = mainEnv.server.services.store;
  const keyA = mainEnv.apiKey;
  const keyB = (await createApiKey(store, "beta", "test", "USD")).apiKey;
  const live = await createApiKey(store, "alpha", "live", "USD");
  const projectA = live.project.id;
  const revoked = `csk_test_${randomBase62(32)}`;
  await store.apiKeys.insert({
    id: `key_revoked${randomBase62(8)}`, project_id: projectA, mode: "test", display_prefix: `${revoked.slice(0, 13)}…`,
    key_hash: createHash("sha256").update(revoked).digest("hex"), created_at: new Date().toISOString(), revoked_at: new Date().toISOString(),
  });

  const session = (await ok("session", main.api("POST", "/v1/sessions", keyA, { user_id: "alice", servers: [...PROVIDERS] }))).id as string;
  const toolCall = (await ok("discover", main.api("POST", `/v1/sessions/${session}/execute`, keyA, { tool: "codespar_discover", input: { domain: "payments", capability: "refund" } }))).tool_call_id as string;
  const [p0, p1] = mainEnv.payments;
  const refund = await ok("refund", main.api("POST", `/v1/sessions/${session}/execute`, keyA, { tool: "codespar_pay", input: { action: "refund", payment_id: p0!.payment_id, amount: 1000 } }));
  if (!refund.success) throw new Error(`setup refund failed: ${JSON.stringify(refund)}`);
  const batch = (await ok("batch", main.api("POST", "/v1/batches", keyA, { tool: "codespar_pay", items: [{ action: "refund", payment_id: p1!.payment_id, amount: 500 }] }))).id as string;
  for (let i = 0; (await main.api("GET", `/v1/batches/${batch}`, keyA)).body.status !== "completed"; i++) {
    if (i > 100) throw new Error("setup: the batch did not complete");
    await new Promise((r) => setTimeout(r, 50));
  }
  const closedSession = (await ok("session", main.api("POST", "/v1/sessions", keyA, { user_id: "bob" }))).id as string;
  await ok("close", main.api("POST", `/v1/sessions/${closedSession}/close`, keyA));

  const { conn, webhookSecret } = await connectionsOf(mainEnv, projectA);
  const connNoSecret = (await ok("connection", main.api("POST", "/v1/connections", keyB, { server: "stripe", base_url: mainEnv.sandbox.stripe.url, credentials: { api_key: "sk_test_betanosecret01" } }))).id as string;

  // Received once now; the corpus sends them again.
  const stripeBody = stripeRefundEvent("evt_replayed_0001");
  const signature = stripeSignature(stripeBody, webhookSecret.stripe);
  await ok("stripe webhook", send(mainEnv.baseUrl, { method: "POST", path: `/v1/webhooks/stripe/${conn.stripe}`, headers: { "content-type": "application/json", "stripe-signature": signature }, body: stripeBody }));
  const asaasBody = asaasRefundEvent("evt_asaas_replayed_0001");
  await ok("asaas webhook", send(mainEnv.baseUrl, { method: "POST", path: `/v1/webhooks/asaas/${conn.asaas}`, headers: { "content-type": "application/json", "asaas-access-token": webhookSecret.asaas }, body: asaasBody }));

  const keyShort = shortEnv.apiKey;
  const expiredSession = (await ok("session", short.api("POST", "/v1/sessions", keyShort, { user_id: "carol" }))).id as string;
  await new Promise((r) => setTimeout(r, 400));
  // Reading it records the expiry, which is true from the deadline on; after this nothing is left to record.
  const seen = await ok("expired session", short.api("GET", `/v1/sessions/${expiredSession}`, keyShort));
  if (seen.status !== "expired") throw new Error(`setup: session is ${seen.status}, not expired`);

  await settled(main.db);
  await settled(short.db);
  const providerKeys = [mainEnv, shortEnv].flatMap((e) => PROVIDERS.map((p) => e.sandbox[p].key));
  const shortProject = await shortEnv.server.services.store.projects.getByName("short");
  const shortSecrets = Object.values((await connectionsOf(shortEnv, shortProject?.id ?? "")).webhookSecret);
  return {
    main,
    short,
    keys: { a: keyA, b: keyB, live: live.apiKey, revoked, unknown: `csk_test_${randomBase62(32)}`, short: keyShort },
    projectA,
    ids: { session, closedSession, toolCall, refundCall: refund.tool_call_id as string, batch, expiredSession, connNoSecret },
    conn,
    webhookSecret,
    delivered: { stripe: { body: stripeBody, signature }, asaas: { body: asaasBody } },
    secrets: [keyA, keyB, live.apiKey, revoked, keyShort, "sk_test_betanosecret01", ...providerKeys, ...Object.values(webhookSecret), ...shortSecrets],
    async close() {
      main.db.close();
      short.db.close();
      await mainEnv.close();
      await shortEnv.close();
    },
  };
}

/** A dev environment's connection ids and webhook secrets (the secrets are random per start). */
async function connectionsOf(env: DevEnvironment, projectId: string): Promise<{ conn: Record<Provider, string>; webhookSecret: Record<Provider, string> }> {
  const conn = {} as Record<Provider, string>;
  const webhookSecret = {} as Record<Provider, string>;
  for (const p of PROVIDERS) {
    const record = await env.server.services.store.connections.find(projectId, p, "test");
    const secret = record ? env.server.services.connections.webhookSecret(record) : undefined;
    if (!record || !secret) throw new Error(`setup: no ${p} connection with a webhook secret`);
    conn[p] = record.id;
    webhookSecret[p] = secret;
  }
  return { conn, webhookSecret };
}

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export function randomBase62(n: number): string {
  return Array.from(randomBytes(n), (b) => ALPHABET[b % 62]).join("");
}
