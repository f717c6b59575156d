import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort, killHard, peakRssMb, runCli, startServe, startWorker, type CliProcess } from "@codespar/cli";
import { PROVIDERS, type SandboxProcess } from "./sandbox-process.js";
import { addConnection, type ServerStack } from "./server-stack.js";

const ADMIN_URL = process.env.CODESPAR_BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.CODESPAR_BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Whether PostgreSQL and Redis answer; the distributed variants are skipped (and say so) when not. */
export async function distributedUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
  } catch (err) {
    return `PostgreSQL at ${ADMIN_URL} does not answer (${(err as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
  const { Redis } = await import("ioredis");
  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    return `Redis at ${REDIS_URL} does not answer (${(err as Error).message})`;
  } finally {
    redis.disconnect();
  }
  return undefined;
}

/**
 * One `codespar serve` API process and `workers` × `codespar worker` on a fresh PostgreSQL
 * database and a Redis key prefix of its own: the distributed mode as it is deployed.
 */
export async function startDistributedStack(sandbox: SandboxProcess, ratePerProvider: number | undefined, workers: number): Promise<ServerStack> {
  const dbName = `codespar_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: url.toString(),
    REDIS_URL,
    CODESPAR_REDIS_PREFIX: `codespar-bench-${dbName}`,
    CODESPAR_MASTER_KEY: randomBytes(32).toString("hex"),
    CODESPAR_LOG_LEVEL: "warn",
  };
  const keys = await runCli(["keys", "create", "--project", "bench", "--json"], { env });
  if (keys.code !== 0) throw new Error(`keys create failed: ${keys.stderr}`);
  const apiKey = (JSON.parse(keys.stdout) as { api_key: string }).api_key;
  const server = await startServe(mkdtempSync(join(tmpdir(), "codespar-bench-api-")), await freePort(), env);
  // Ready before the clock starts: a batch measured from a cold worker would time process start-up.
  const workerProcs: CliProcess[] = await Promise.all(Array.from({ length: workers }, () => startWorker(env, ["--concurrency", "32"])));
  for (const p of PROVIDERS) await addConnection(server.url, apiKey, p, sandbox, ratePerProvider);
  let peak: number | undefined;
  const measure = () => Math.max(peakRssMb(server.child.pid) ?? 0, ...workerProcs.map((w) => peakRssMb(w.child.pid) ?? 0)) || undefined;
  return {
    url: server.url,
    apiKey,
    server,
    peakRssMb: () => (peak = measure() ?? peak),
    async stop() {
      peak = measure() ?? peak;
      await Promise.all([killHard(server.child), ...workerProcs.map((w) => killHard(w.child))]);
      const drop = new pg.Client({ connectionString: ADMIN_URL });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await drop.end();
    },
  };
}
