import { CodesparError } from "@codespar/protocol";
import { parseFxRates } from "../billing/fx-table.js";
import { settlementConfigFromEnv } from "../settlement/settlement-config.js";

export interface ServerConfig {
  /** Where the SQLite file lives (embedded default). `:memory:` for throwaway servers. Default ./.codespar */
  dataDir: string;
  /** postgres://… selects PostgreSQL instead of SQLite. */
  databaseUrl?: string;
  /** redis://… spreads batch items over `codespar worker` processes through BullMQ; needs a PostgreSQL databaseUrl. */
  redisUrl?: string;
  /** Prefix of every BullMQ key in Redis, so several deployments (or test runs) can share one Redis. Default "bull". */
  redisPrefix: string;
  /** How long a worker's hold on a batch item or a refund lasts without renewal; a dead worker's work is taken over after it. Default 30000. */
  leaseTtlMs: number;
  /** Batch items one worker process runs at once, per provider connection (BullMQ worker concurrency). Default 16. */
  workerConcurrency: number;
  /** Idle time after which a session expires. Default 30 minutes. */
  sessionIdleTimeoutMs: number;
  /** Largest request body accepted, in bytes. Default 1 MiB. */
  bodyLimitBytes: number;
  /** /v1 requests per second per API key (refused ones per client address); 0 disables the limit. Default 500. */
  apiRateLimitPerKey: number;
  /** /v1 requests one key may make at once before the per-second rate applies. Default 1000. */
  apiRateBurst: number;
  /** 32-byte key that seals provider credentials at rest (AES-256-GCM); hex or base64. */
  masterKey?: string;
  /** Home currency for billing. Default USD. */
  homeCurrency: string;
  /** Billing FX rates, currency -> USD as decimal strings (CODESPAR_FX_RATES). Default: the sandbox's fixed test rates. */
  fxRates?: Record<string, string>;
  /** Pino log level; "silent" in tests. Default info. */
  logLevel: string;
  /** Largest POST /v1/batches body, in bytes (100,000 items fit). Default 32 MiB. */
  batchBodyLimitBytes: number;
  /** Batch items in flight across all batches of this process. Default 256. */
  batchMaxInFlight: number;
  /** Run batch items in this process (the embedded default); false for an API-only process. Default true. */
  runBatches: boolean;
  /** Refuse a second refund of one payment on the same UTC day unless a call opts out. Default false. */
  oncePerDayRefunds: boolean;
  /** How often the settlement poller looks for pending/unknown refunds to read back; 0 disables it. Default 1000. */
  settlementPollIntervalMs: number;
  /** First wait before reading back a pending/unknown refund; doubles per check. Default 1000. */
  settlementBackoffBaseMs: number;
  /** Longest wait between two read-backs of one refund. Default 300000 (5 min). */
  settlementBackoffMaxMs: number;
}

export const DEFAULT_SESSION_IDLE_TIMEOUT_MS = 30 * 60 * 1000;

export function defaultServerConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  const base: ServerConfig = {
    dataDir: ".codespar",
    sessionIdleTimeoutMs: DEFAULT_SESSION_IDLE_TIMEOUT_MS,
    bodyLimitBytes: 1024 * 1024,
    // Far above what one SQLite server refunds per second, even for an SDK loop at concurrency 64.
    apiRateLimitPerKey: 500,
    apiRateBurst: 1000,
    homeCurrency: "USD",
    logLevel: "info",
    oncePerDayRefunds: false,
    batchBodyLimitBytes: 32 * 1024 * 1024,
    batchMaxInFlight: 256,
    runBatches: true,
    redisPrefix: "bull",
    leaseTtlMs: 30_000,
    workerConcurrency: 16,
    settlementPollIntervalMs: 1000,
    settlementBackoffBaseMs: 1000,
    settlementBackoffMaxMs: 5 * 60 * 1000,
  };
  const merged = { ...base };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  return merged;
}

/** Reads CODESPAR_* variables; anything malformed is refused at start, never guessed. */
export function serverConfigFromEnv(env: NodeJS.ProcessEnv, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const fromEnv: Partial<ServerConfig> = {
    dataDir: env.CODESPAR_DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.CODESPAR_REDIS_PREFIX,
    masterKey: env.CODESPAR_MASTER_KEY,
    homeCurrency: env.CODESPAR_HOME_CURRENCY,
    logLevel: env.CODESPAR_LOG_LEVEL,
  };
  Object.assign(fromEnv, settlementConfigFromEnv(env));
  if (env.CODESPAR_FX_RATES !== undefined) fromEnv.fxRates = parseFxRates(env.CODESPAR_FX_RATES);
  if (env.CODESPAR_ONCE_PER_DAY_REFUNDS !== undefined) fromEnv.oncePerDayRefunds = /^(1|true|yes)$/i.test(env.CODESPAR_ONCE_PER_DAY_REFUNDS);
  if (env.CODESPAR_SESSION_IDLE_TIMEOUT_MS !== undefined) {
    fromEnv.sessionIdleTimeoutMs = positiveInt("CODESPAR_SESSION_IDLE_TIMEOUT_MS", env.CODESPAR_SESSION_IDLE_TIMEOUT_MS);
  }
  if (env.CODESPAR_LEASE_TTL_MS !== undefined) fromEnv.leaseTtlMs = positiveInt("CODESPAR_LEASE_TTL_MS", env.CODESPAR_LEASE_TTL_MS);
  if (env.CODESPAR_WORKER_CONCURRENCY !== undefined) fromEnv.workerConcurrency = positiveInt("CODESPAR_WORKER_CONCURRENCY", env.CODESPAR_WORKER_CONCURRENCY);
  if (env.CODESPAR_BODY_LIMIT_BYTES !== undefined) {
    fromEnv.bodyLimitBytes = positiveInt("CODESPAR_BODY_LIMIT_BYTES", env.CODESPAR_BODY_LIMIT_BYTES);
  }
  if (env.CODESPAR_API_RATE_LIMIT !== undefined) fromEnv.apiRateLimitPerKey = nonNegativeNumber("CODESPAR_API_RATE_LIMIT", env.CODESPAR_API_RATE_LIMIT);
  if (env.CODESPAR_API_RATE_BURST !== undefined) fromEnv.apiRateBurst = positiveInt("CODESPAR_API_RATE_BURST", env.CODESPAR_API_RATE_BURST);
  return defaultServerConfig({ ...fromEnv, ...stripUndefined(overrides) });
}

function positiveInt(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new CodesparError("invalid_request", `${name} must be a positive integer, got "${raw}"`);
  return n;
}

function nonNegativeNumber(name: string, raw: string): number {
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n < 0) throw new CodesparError("invalid_request", `${name} must be a number >= 0 (0 turns it off), got "${raw}"`);
  return n;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
