import { CodesparError } from "@codespar/protocol";
import { buildApp } from "../app.js";
import type { ServerConfig } from "../config/server-config.js";
import type { Services } from "../services.js";
import { isPostgresUrl } from "../storage/index.js";

export interface RunningWorker {
  services: Services;
  /** Stops taking jobs, finishes the ones in flight, then closes Redis and the database pool. */
  close(): Promise<void>;
}

/**
 * `codespar worker`: the same services as the API, no listener, consuming batch items from
 * BullMQ. Starting re-enqueues every unfinished item of every running batch from PostgreSQL
 * (a no-op for jobs still in Redis), which is how a batch survives losing Redis.
 */
export async function startWorker(config: ServerConfig): Promise<RunningWorker> {
  if (!isPostgresUrl(config.databaseUrl) || !config.redisUrl) {
    throw new CodesparError("invalid_request", "codespar worker needs DATABASE_URL=postgres://… and REDIS_URL=redis://… (the API processes' own values)");
  }
  const { app, services } = await buildApp({ config: { ...config, runBatches: true } });
  try {
    await app.ready();
  } catch (err) {
    await app.close().catch(() => undefined);
    throw err;
  }
  return { services, close: () => app.close() };
}
