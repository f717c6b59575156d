import { createHash } from "node:crypto";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { startDevEnvironment, type DevEnvironment } from "@codespar/cli";
import { CodeSpar } from "@codespar/sdk";
import { createApiKey } from "@codespar/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DbReader, settled } from "./db-snapshot.js";
import { send } from "./http-client.js";
import { PROVIDERS } from "./hostile-context.js";

/** Credentials given to the API directly, so the test knows them in full. */
const OTHER_STRIPE_KEY = "sk_test_OtherProjectAtRest000000000001";
const OTHER_STRIPE_SECRET = "whsec_OtherProjectAtRestSecret0000001";
const OTHER_MP_KEY = "TEST-9999999999999999-010101-atrestatrestatrestatrest-00000001";

let env: DevEnvironment;
let db: DbReader;
const apiKeys: string[] = [];
const providerSecrets: string[] = [];
const answers: string[] = [];

async function call(method: string, path: string, key: string, body?: unknown): Promise<any> {
  const a = await send(env.baseUrl, { method, path, headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  answers.push(JSON.stringify(a.headers), a.text);
  return a.body;
}

beforeAll(async () => {
  // Webhooks on: the emulators' deliveries (and their raw bodies) land in the database too.
  env = await startDevEnvironment({ seed: 9, server: { logLevel: "silent" } });
  const store = env.server.services.store;
  const other = await createApiKey(store, "other", "test", "USD");
  const live = await createApiKey(store, "dev", "live", "USD");
  apiKeys.push(env.apiKey, other.apiKey, live.apiKey);
  const project = (await store.projects.getByName("dev"))!;
  for (const p of PROVIDERS) {
    providerSecrets.push(env.sandbox[p].key);
    const record = await store.connections.find(project.id, p, "test");
    providerSecrets.push(env.server.services.connections.webhookSecret(record!)!);
  }
  providerSecrets.push(OTHER_STRIPE_KEY, OTHER_STRIPE_SECRET, OTHER_MP_KEY);

  // Use every key: refunds in a session loop and as a batch, reads, connection changes, refusals.
  const codespar = new CodeSpar({ apiKey: env.apiKey, baseUrl: env.baseUrl });
  const session = await codespar.create("at-rest", { servers: [...PROVIDERS] });
  const loop = await session.loop({ steps: env.payments.slice(0, 6).map((p) => ({ tool: "codespar_pay", params: { action: "refund", payment_id: p.payment_id } })), abortOnError: false, concurrency: 3 });
  expect(loop.results.every((r) => r.success)).toBe(true);
  await session.close();
  const batch = await codespar.batches.create({ tool: "codespar_pay", items: env.payments.slice(6).map((p) => ({ action: "refund", payment_id: p.payment_id })) });
  await codespar.batches.wait(batch.id);
  await call("GET", "/v1/whoami", live.apiKey);
  await call("POST", "/v1/sessions", live.apiKey, { user_id: "live-user" });
  await call("POST", "/v1/connections", other.apiKey, { server: "stripe", base_url: env.sandbox.stripe.url, credentials: { api_key: OTHER_STRIPE_KEY, webhook_secret: OTHER_STRIPE_SECRET } });
  await call("POST", "/v1/connections", other.apiKey, { server: "mercadopago", base_url: env.sandbox.mercadopago.url, credentials: { api_key: OTHER_MP_KEY } });
  await call("POST", "/v1/connections", other.apiKey, { server: "mercadopago", mode: "live", credentials: { api_key: OTHER_MP_KEY } });
  await call("POST", "/v1/connections", other.apiKey, { server: "asaas", credentials: { api_key: OTHER_STRIPE_KEY } });
  for (const key of apiKeys) await call("GET", "/v1/connections", key);

  db = new DbReader(env.dataDir);
  // Webhook deliveries arrive after the refunds answer; wait for them so they are scanned too.
  for (let i = 0; i < 60 && (db.snapshot().webhook_deliveries?.rows ?? 0) === 0; i++) await new Promise((r) => setTimeout(r, 50));
  await settled(db);
});

afterAll(async () => {
  db?.close();
  await env?.close();
});

describe("secrets at rest and in answers", () => {
  it("the scan looks at the right database: refunds, deliveries and key hashes are there", () => {
    const snap = db.snapshot();
    for (const table of ["tool_calls", "refund_attempts", "batch_items", "webhook_deliveries", "audit_log", "connections", "api_keys"]) expect(snap[table]?.rows, table).toBeGreaterThan(0);
    const hashes = apiKeys.map((k) => createHash("sha256").update(k).digest("hex"));
    expect(db.find(hashes).map((h) => `${h.table}.${h.column}`)).toEqual(["api_keys.key_hash", "api_keys.key_hash", "api_keys.key_hash"]);
  });

  it("no table holds a full API key, in plain text, hex or base64", () => {
    expect(db.find(apiKeys)).toEqual([]);
  });

  it("no table holds a provider credential or webhook secret: connections keep them sealed with AES-256-GCM", () => {
    expect(db.find(providerSecrets)).toEqual([]);
    const sealed = db.values("connections", "credentials_sealed");
    expect(sealed.length).toBeGreaterThanOrEqual(5);
    // v1.<12-byte IV>.<16-byte GCM tag>.<ciphertext>, all base64.
    for (const value of sealed) expect(value).toMatch(/^v1\.[A-Za-z0-9+/]{16}\.[A-Za-z0-9+/]{22}==\.[A-Za-z0-9+/]+=*$/);
  });

  it("the database files on disk (including the WAL) hold none of them either", () => {
    for (const file of ["codespar.db", "codespar.db-wal"].map((f) => join(env.dataDir, f)).filter((f) => existsSync(f))) {
      const bytes = readFileSync(file);
      for (const secret of [...apiKeys, ...providerSecrets]) expect(bytes.includes(Buffer.from(secret)), `${file} holds a secret`).toBe(false);
    }
  });

  it("no answer carried a secret: connection lists show a hint and whether a webhook secret is set", async () => {
    const all = answers.join("\n");
    for (const secret of [...apiKeys, ...providerSecrets]) expect(all.includes(secret)).toBe(false);
    const list = await call("GET", "/v1/connections", apiKeys[1]!);
    expect(list.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ server: "stripe", api_key_hint: `sk_test_…${OTHER_STRIPE_KEY.slice(-4)}`, has_webhook_secret: true }),
        expect.objectContaining({ server: "mercadopago", api_key_hint: `TEST-…${OTHER_MP_KEY.slice(-4)}`, has_webhook_secret: false }),
      ]),
    );
    const who = await call("GET", "/v1/whoami", apiKeys[0]!);
    expect(apiKeys[0]!.startsWith(who.key.prefix.replace("…", ""))).toBe(true);
    expect(who.key.prefix.length).toBeLessThanOrEqual(14);
  });
});
