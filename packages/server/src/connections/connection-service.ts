import { CodesparError, isCodesparError } from "@codespar/protocol";
import { DEFAULT_BASE_URLS, DEFAULT_RATE_LIMITS, createProvider, type PaymentProvider, type ProviderId } from "@codespar/providers";
import { Pacer } from "../pacing/pacer.js";
import { isServerId } from "../catalog/servers.js";
import { newId } from "../ids.js";
import type { ConnectionRecord, KeyMode, Store } from "../storage/index.js";
import type { CredentialSealer } from "./credential-sealer.js";
import { checkCredentialForm } from "./credential-forms.js";
import type { LedgerEvents } from "../ledger/ledger-events.js";

export interface ConnectionInput {
  server: string;
  mode: KeyMode;
  base_url?: string | undefined;
  api_key: string;
  webhook_secret?: string | undefined;
  rate_limit_per_s?: number | undefined;
}

export interface ConnectionView {
  id: string;
  server: string;
  mode: KeyMode;
  base_url: string;
  /** Masked: recognisable, never usable. */
  api_key_hint: string;
  has_webhook_secret: boolean;
  rate_limit_per_s: number | null;
  created_at: string;
  updated_at: string;
}

export type HealthResult = { ok: true } | { ok: false; code: string; message: string };

interface SealedCredentials {
  api_key: string;
  webhook_secret?: string;
}

export class ConnectionService {
  private readonly providers = new Map<string, { stamp: string; provider: PaymentProvider }>();
  private readonly health = new Map<string, { result: HealthResult; until: number }>();

  constructor(
    private readonly store: Store,
    private readonly sealer: CredentialSealer,
    private readonly events: LedgerEvents,
    // Read at construction (server start), so a malformed value stops the start, not a refund.
    private readonly providerTimeoutMs: number | undefined = providerTimeoutFromEnv(process.env),
    // Several processes (REDIS_URL): a pacer that also shares the connection's rate with the others.
    private readonly pacerFor?: (connection: ConnectionRecord, ratePerSecond: number) => Pacer,
  ) {}

  /** A test key may only touch test connections: live money needs a live key. */
  async add(projectId: string, keyMode: KeyMode, input: ConnectionInput, actor: string): Promise<ConnectionView> {
    if (!isServerId(input.server)) throw new CodesparError("invalid_request", `Unknown server "${input.server}"; expected stripe, asaas or mercadopago`, { field: "server" });
    if (keyMode === "test" && input.mode === "live") throw new CodesparError("forbidden", "A csk_test_ key cannot create live connections; use a csk_live_ key");
    checkCredentialForm(input.server, input.mode, input.api_key);
    const baseUrl = normaliseBaseUrl(input.base_url ?? DEFAULT_BASE_URLS[input.server]);
    const now = new Date().toISOString();
    const secrets: SealedCredentials = { api_key: input.api_key };
    if (input.webhook_secret) secrets.webhook_secret = input.webhook_secret;
    const record = await this.store.connections.upsert({
      id: newId("conn"),
      project_id: projectId,
      server: input.server,
      mode: input.mode,
      base_url: baseUrl,
      credentials_sealed: this.sealer.seal(JSON.stringify(secrets), aad(projectId, input.server, input.mode)),
      rate_limit_per_s: input.rate_limit_per_s ?? null,
      created_at: now,
      updated_at: now,
    });
    await this.events.emit("connection.changed", { projectId, connectionId: record.id, server: record.server, mode: record.mode, change: "upserted", actor });
    return this.view(record);
  }

  async list(projectId: string): Promise<ConnectionView[]> {
    return (await this.store.connections.list(projectId)).map((c) => this.view(c));
  }

  async remove(projectId: string, id: string, actor: string): Promise<void> {
    const existing = await this.store.connections.get(projectId, id);
    if (!existing || !(await this.store.connections.remove(projectId, id))) throw new CodesparError("not_found", `No connection ${id} in this project`);
    await this.events.emit("connection.changed", { projectId, connectionId: id, server: existing.server, mode: existing.mode, change: "removed", actor });
  }

  async find(projectId: string, server: string, mode: KeyMode): Promise<ConnectionRecord | undefined> {
    return this.store.connections.find(projectId, server, mode);
  }

  /**
   * One adapter instance per connection version, so keep-alive sockets and the pacer are shared
   * by every session and batch of the project: the provider's limit is per account, not per caller.
   * The pacer sits under the adapter, in front of each HTTP request, because providers count
   * requests: a refund that reads the payment first spends two.
   */
  providerFor(connection: ConnectionRecord): PaymentProvider {
    const cached = this.providers.get(connection.id);
    if (cached && cached.stamp === connection.updated_at) return cached.provider;
    const secrets = this.secrets(connection);
    const server = connection.server as ProviderId;
    const ratePerSecond = connection.rate_limit_per_s ?? DEFAULT_RATE_LIMITS[server][connection.mode as KeyMode];
    const pacer = this.pacerFor?.(connection, ratePerSecond) ?? new Pacer({ ratePerSecond });
    const provider = createProvider(server, {
      baseUrl: connection.base_url,
      apiKey: secrets.api_key,
      mode: connection.mode as KeyMode,
      ...(this.providerTimeoutMs !== undefined ? { timeoutMs: this.providerTimeoutMs } : {}),
      onRateLimitSignal: (signal) => pacer.onSignal(signal),
      awaitTurn: () => pacer.acquire(),
    });
    this.providers.set(connection.id, { stamp: connection.updated_at, provider });
    return provider;
  }

  /**
   * A live credential check, remembered briefly so a discover before every batch doesn't
   * cost a provider call each time: successes for 30 s, failures for 5 s (recover fast).
   */
  async checkHealth(connection: ConnectionRecord): Promise<HealthResult> {
    const cacheKey = `${connection.id}@${connection.updated_at}`;
    const cached = this.health.get(cacheKey);
    if (cached && cached.until > Date.now()) return cached.result;
    let result: HealthResult;
    try {
      await this.providerFor(connection).verifyConnection();
      result = { ok: true };
    } catch (err) {
      const code = isCodesparError(err) ? err.code : "provider_unavailable";
      const message = isCodesparError(err) ? err.message : "Connection check failed";
      result = { ok: false, code, message };
    }
    this.health.set(cacheKey, { result, until: Date.now() + (result.ok ? 30_000 : 5_000) });
    return result;
  }

  webhookSecret(connection: ConnectionRecord): string | undefined {
    return this.secrets(connection).webhook_secret;
  }

  private secrets(connection: ConnectionRecord): SealedCredentials {
    return JSON.parse(this.sealer.open(connection.credentials_sealed, aad(connection.project_id, connection.server, connection.mode))) as SealedCredentials;
  }

  private view(c: ConnectionRecord): ConnectionView {
    const secrets = this.secrets(c);
    return {
      id: c.id,
      server: c.server,
      mode: c.mode as KeyMode,
      base_url: c.base_url,
      api_key_hint: maskSecret(secrets.api_key),
      has_webhook_secret: Boolean(secrets.webhook_secret),
      rate_limit_per_s: c.rate_limit_per_s,
      created_at: c.created_at,
      updated_at: c.updated_at,
    };
  }
}

/**
 * CODESPAR_PROVIDER_TIMEOUT_MS: the per-attempt timeout of every provider call; unset keeps the
 * adapters' 20 s. A provider that hangs holds a batch item this long per attempt before the
 * call is settled by read-back, so fault-injection runs want it far shorter.
 */
export function providerTimeoutFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.CODESPAR_PROVIDER_TIMEOUT_MS;
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new CodesparError("invalid_request", `CODESPAR_PROVIDER_TIMEOUT_MS must be a positive integer, got "${raw}"`);
  return n;
}

function aad(projectId: string, server: string, mode: string): string {
  return `${projectId}/${server}/${mode}`;
}

function maskSecret(secret: string): string {
  const head = secret.match(/^(sk_test_|sk_live_|rk_test_|rk_live_|\$aact_|TEST-|APP_USR-)/)?.[0] ?? "";
  return `${head}…${secret.slice(-4)}`;
}

function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CodesparError("invalid_request", "base_url must be an absolute http(s) URL", { field: "base_url" });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new CodesparError("invalid_request", "base_url must use http or https", { field: "base_url" });
  if (url.username || url.password) throw new CodesparError("invalid_request", "base_url must not carry credentials", { field: "base_url" });
  return url.toString().replace(/\/+$/, "");
}
