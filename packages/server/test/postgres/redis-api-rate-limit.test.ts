import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyReply } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Redis } from "ioredis";
import { ApiRateLimit } from "../../src/http/api-rate-limit.js";
import { RedisTokenBuckets } from "../../src/http/redis-token-buckets.js";
import { describeWithServices, missingServices, TEST_REDIS_URL } from "./service-gate.js";

const missing = await missingServices({ redis: true });

/** What admit() writes on the reply: its headers. */
function fakeReply(): { reply: FastifyReply; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const reply = {
    header(name: string, value: string) {
      headers[name] = value;
      return reply;
    },
  };
  return { reply: reply as unknown as FastifyReply, headers };
}

async function admitted(limit: ApiRateLimit, client: string): Promise<{ headers: Record<string, string>; error?: { code: string; details?: unknown } }> {
  const { reply, headers } = fakeReply();
  try {
    await limit.admit(client, reply);
    return { headers };
  } catch (err) {
    return { headers, error: err as { code: string; details?: unknown } };
  }
}

async function ready(redis: Redis): Promise<Redis> {
  if (redis.status !== "ready") await new Promise((resolve) => redis.once("ready", resolve));
  return redis;
}

describeWithServices("the API rate limit shared through Redis", missing, () => {
  const prefix = `codespar-test-${randomBytes(4).toString("hex")}`;
  const config = { apiRateLimitPerKey: 1, apiRateBurst: 5 };
  // Two API processes: each its own connection and its own ApiRateLimit, one prefix.
  let redisA: Redis;
  let redisB: Redis;
  const warnings: unknown[] = [];
  const log = { warn: (obj: unknown) => void warnings.push(obj) };
  const shared = (redis: () => Redis) => (bucket: { ratePerSecond: number; burst: number }) => new RedisTokenBuckets(redis(), { ...bucket, prefix });

  beforeAll(async () => {
    redisA = await ready(new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null }));
    redisB = await ready(new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null }));
  });
  afterAll(async () => {
    const keys = await redisA.keys(`${prefix}:*`);
    if (keys.length > 0) await redisA.del(...keys);
    redisA.disconnect();
    redisB.disconnect();
  });

  it("holds one limit for the key across both processes, with the RateLimit headers and a 429 that retries after >= 1 s", async () => {
    const processes = [new ApiRateLimit(config, { shared: shared(() => redisA), log }), new ApiRateLimit(config, { shared: shared(() => redisB), log })];
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await admitted(processes[i % 2]!, "key:shared"));

    expect(answers.map((a) => a.error === undefined)).toEqual([true, true, true, true, true, false, false, false, false, false]);
    expect(answers.slice(0, 5).map((a) => a.headers["ratelimit-remaining"])).toEqual(["4", "3", "2", "1", "0"]);
    for (const a of answers) {
      expect(a.headers["ratelimit-limit"]).toBe("5");
      expect(Number(a.headers["ratelimit-reset"])).toBeGreaterThanOrEqual(1);
    }
    const sixth = answers[5]!;
    expect(sixth.error?.code).toBe("rate_limited");
    const retryAfter = Number(sixth.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(sixth.error?.details).toEqual({ retry_after_s: retryAfter });
    expect(warnings).toEqual([]);
  });

  it("lets an idle client's bucket expire from Redis once it would be full again", async () => {
    const fast = new RedisTokenBuckets(redisA, { ratePerSecond: 20, burst: 2, prefix });
    await fast.take("key:idle");
    const key = fast.keyFor("key:idle");
    const ttl = await redisA.pttl(key);
    // One token to refill at 20/s is 50 ms, plus the margin.
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(50 + 1_000);
    await sleep(ttl + 100);
    expect(await redisA.exists(key)).toBe(0);
  });

  it("counts in this process, and still answers, when Redis is unreachable", async () => {
    const down = new Redis("redis://127.0.0.1:1", { maxRetriesPerRequest: null, retryStrategy: () => 1_000 });
    down.on("error", () => undefined);
    const seen: unknown[] = [];
    try {
      const limit = new ApiRateLimit(config, { shared: shared(() => down), log: { warn: (obj: unknown) => void seen.push(obj) } });
      const started = Date.now();
      const answers = [];
      for (let i = 0; i < 7; i++) answers.push(await admitted(limit, "key:offline"));
      expect(Date.now() - started).toBeLessThan(7 * 250);
      expect(answers.map((a) => a.error?.code ?? "ok")).toEqual(["ok", "ok", "ok", "ok", "ok", "rate_limited", "rate_limited"]);
      expect(answers[5]!.headers["retry-after"]).toBe("1");
      // Warned once, not once per request.
      expect(seen).toHaveLength(1);
    } finally {
      down.disconnect();
    }
  });
});
