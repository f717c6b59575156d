import type { FastifyReply } from "fastify";
import { describe, expect, it } from "vitest";
import { ApiRateLimit } from "../../src/http/api-rate-limit.js";
import type { RateBuckets } from "../../src/http/token-bucket.js";

const reply = { header: () => reply } as unknown as FastifyReply;
const config = { apiRateLimitPerKey: 1, apiRateBurst: 2 };

describe("the API rate limit when its shared buckets fail", () => {
  it("counts in this process after ~200 ms without an answer, warning once per 10 s", async () => {
    const silent: RateBuckets = { take: () => new Promise(() => undefined) };
    const warnings: unknown[] = [];
    let now = 1_000_000;
    const limit = new ApiRateLimit(config, { shared: () => silent, log: { warn: (obj: unknown) => void warnings.push(obj) }, now: () => now });
    const started = Date.now();
    await limit.admit("key:a", reply);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(Date.now() - started).toBeLessThan(1_000);
    await limit.admit("key:a", reply);
    await expect(limit.admit("key:a", reply)).rejects.toMatchObject({ code: "rate_limited", details: { retry_after_s: 1 } });
    expect(warnings).toHaveLength(1);
    now += 10_000;
    await limit.admit("key:b", reply);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatchObject({ fallbacks: 3 });
  });

  it("counts in this process at once when the shared buckets refuse to answer", async () => {
    const failing: RateBuckets = { take: () => Promise.reject(new Error("READONLY")) };
    const limit = new ApiRateLimit(config, { shared: () => failing });
    await limit.admit("key:a", reply);
    await limit.admit("key:a", reply);
    await expect(limit.admit("key:a", reply)).rejects.toMatchObject({ code: "rate_limited" });
  });
});
