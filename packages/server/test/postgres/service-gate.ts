import { describe, it } from "vitest";
import { postgresUnavailable } from "./pg-test-database.js";

/** CI sets this: a distributed test that cannot reach its services fails instead of skipping. */
export const SERVICES_REQUIRED = process.env.CODESPAR_REQUIRE_SERVICES === "1";

export const TEST_REDIS_URL = process.env.CODESPAR_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Why Redis cannot be used, or undefined when it answers PING within 1 s. */
export async function redisUnavailable(url = TEST_REDIS_URL): Promise<string | undefined> {
  const { Redis } = await import("ioredis");
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (err) {
    return `Redis at ${url} did not answer (${err instanceof Error ? err.message : String(err)})`;
  } finally {
    redis.disconnect();
  }
}

/** Probes what a suite needs; the reasons it cannot run, empty when it can. */
export async function missingServices(needs: { postgres?: boolean; redis?: boolean }): Promise<string[]> {
  const reasons = await Promise.all([needs.postgres ? postgresUnavailable() : undefined, needs.redis ? redisUnavailable() : undefined]);
  return reasons.filter((r): r is string => r !== undefined);
}

/**
 * describe() when the services answer. When they do not: skipped with a printed reason, so
 * `npm test` on a laptop says plainly what it did not run, or, under CODESPAR_REQUIRE_SERVICES=1
 * (CI), one failing test naming the missing service.
 */
export function describeWithServices(name: string, missing: string[], body: () => void): void {
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  const reason = missing.join("; ");
  if (SERVICES_REQUIRED) {
    describe(name, () => {
      it("has the services it needs (CODESPAR_REQUIRE_SERVICES=1)", () => {
        throw new Error(`cannot run: ${reason}`);
      });
    });
    return;
  }
  console.warn(`SKIPPED distributed tests "${name}": ${reason}. Start PostgreSQL/Redis (see README, "Running at scale") or set CODESPAR_TEST_DATABASE_URL / CODESPAR_TEST_REDIS_URL to run them.`);
  describe.skipIf(true)(name, body);
}
