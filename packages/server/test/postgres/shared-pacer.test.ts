import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Redis } from "ioredis";
import { SHARED_RATE_HEADROOM, SharedPacer } from "../../src/distributed/shared-pacer.js";
import { describeWithServices, missingServices, TEST_REDIS_URL } from "./service-gate.js";

const missing = await missingServices({ redis: true });

describeWithServices("a connection's pace shared through Redis", missing, () => {
  let redis: Redis;
  const key = `codespar-test-pace-${randomBytes(4).toString("hex")}`;
  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    await redis.del(`${key}:slot`, `${key}:window`);
    redis.disconnect();
  });

  it("keeps three processes' requests together within the connection's rate in every rolling second", async () => {
    const rate = 40;
    // Three processes, each with its own local pacer at the full rate: only the shared slots hold them together.
    const pacers = [0, 1, 2].map(() => new SharedPacer({ ratePerSecond: rate }, { redis, key, ratePerSecond: rate }));
    const sent: number[] = [];
    const started = Date.now();
    await Promise.all(pacers.flatMap((p) => Array.from({ length: 30 }, async () => {
      await p.acquire();
      sent.push(Date.now());
    })));
    const seconds = (Date.now() - started) / 1000;
    sent.sort((a, b) => a - b);
    let peak = 0;
    for (let lo = 0, hi = 0; hi < sent.length; hi++) {
      while ((sent[hi] as number) - (sent[lo] as number) >= 1000) lo++;
      peak = Math.max(peak, hi - lo + 1);
    }
    expect(peak).toBeLessThanOrEqual(rate);
    expect(seconds).toBeGreaterThanOrEqual((90 - 1) / (rate * SHARED_RATE_HEADROOM) - 0.1);
  });
});
