import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../src/index.js";
import { drivers } from "../support/drivers.js";

describe.each(drivers)("$provider emulator under faults", (driver) => {
  let h: EmulatorHandle;

  beforeAll(async () => {
    h = await driver.start();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.reset();
    h.setFaults({});
  });

  it("adds the configured latency before answering", async () => {
    const { payment_id } = await h.createPayment(1000);
    h.setFaults({ latencyMs: 150 });
    const started = performance.now();
    expect((await driver.read(h, payment_id)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("keeps jittered latency within latencyMs..latencyMs+jitterMs", async () => {
    const { payment_id } = await h.createPayment(1000);
    h.setFaults({ latencyMs: 40, jitterMs: 60, seed: 7 });
    const started = performance.now();
    await driver.read(h, payment_id);
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(35);
    expect(took).toBeLessThan(1000);
  });

  it("answers errorRate 1 with a 500 in the provider's shape and applies nothing", async () => {
    const { payment_id } = await h.createPayment(1000);
    h.setFaults({ errorRate: 1 });
    driver.expectServerError(await driver.refund(h, payment_id, 500));
    expect(h.refunds()).toHaveLength(0);
  });

  it("gives the provider's 429 with Retry-After beyond rateLimitPerSecond", async () => {
    const { payment_id } = await h.createPayment(1000);
    h.setFaults({ rateLimitPerSecond: 2 });
    const answers = await Promise.all(Array.from({ length: 5 }, () => driver.read(h, payment_id)));
    const limited = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(2);
    expect(limited).toHaveLength(3);
    for (const a of limited) driver.expectRateLimited(a);
    expect(h.requestCount()).toBe(5);
    expect(h.rateLimitedCount()).toBe(3);
    const health = (await (await fetch(`${h.url}/_sandbox/health`)).json()) as { rate_limited: number };
    expect(health.rate_limited).toBe(3);
  });

  it("answers a rate-limited request without waiting for the configured latency", async () => {
    const { payment_id } = await h.createPayment(1000);
    h.setFaults({ rateLimitPerSecond: 1, latencyMs: 1000 });
    const first = driver.read(h, payment_id);
    await new Promise((r) => setTimeout(r, 20));
    const started = performance.now();
    const second = await driver.read(h, payment_id);
    expect(second.status).toBe(429);
    expect(performance.now() - started).toBeLessThan(700);
    expect((await first).status).toBe(200);
  });

  it("never answers under hangRate 1, so the client times out", async () => {
    const { payment_id } = await h.createPayment(1000);
    h.setFaults({ hangRate: 1 });
    await expect(driver.read(h, payment_id, { timeoutMs: 200 })).rejects.toThrow("client timeout");
  });

  it("applies the refund and still answers 500 under failAfterApplyRate 1", async () => {
    const { payment_id } = await h.createPayment(1000);
    h.setFaults({ failAfterApplyRate: 1 });
    driver.expectServerError(await driver.refund(h, payment_id, 400));
    h.setFaults({});
    expect(h.refunds()).toMatchObject([{ provider: driver.provider, payment_id, amount: 400 }]);
  });

  it("applies the refund and never answers under failAfterApplyMode hang", async () => {
    const { payment_id } = await h.createPayment(1000);
    h.setFaults({ failAfterApplyRate: 1, failAfterApplyMode: "hang" });
    await expect(driver.refund(h, payment_id, 300, { timeoutMs: 200 })).rejects.toThrow("client timeout");
    expect(h.refunds()).toMatchObject([{ payment_id, amount: 300 }]);
  });

  it("does not fail-after-apply reads, which change nothing", async () => {
    const { payment_id } = await h.createPayment(1000);
    h.setFaults({ failAfterApplyRate: 1 });
    expect((await driver.read(h, payment_id)).status).toBe(200);
  });

  it("limits faults to paths matching `match`", async () => {
    const { payment_id } = await h.createPayment(1000);
    h.setFaults({ errorRate: 1, match: "refund" });
    expect((await driver.read(h, payment_id)).status).toBe(200);
    driver.expectServerError(await driver.refund(h, payment_id, 100));
  });

  it("replays the same fault sequence for the same seed", async () => {
    const { payment_id } = await h.createPayment(1000);
    const run = async () => {
      h.setFaults({ errorRate: 0.5, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 16; i++) statuses.push((await driver.read(h, payment_id)).status);
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(200);
  });

  it("counts provider requests in requestCount and forgets everything on reset", async () => {
    const { payment_id } = await h.createPayment(1000);
    await driver.read(h, payment_id);
    await driver.refund(h, payment_id, 100);
    expect(h.requestCount()).toBe(2);
    expect(h.refunds()).toHaveLength(1);
    h.reset();
    expect(h.requestCount()).toBe(0);
    expect(h.refunds()).toHaveLength(0);
    expect((await driver.read(h, payment_id)).status).toBe(404);
  });
});

describe.each(drivers)("$provider emulator closing with hung requests", (driver) => {
  it("closes promptly, destroying the sockets it left hanging", async () => {
    const h = await driver.start({ faults: { hangRate: 1 } });
    const { payment_id } = await h.createPayment(1000);
    const pending = driver.read(h, payment_id).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await h.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it("closes promptly while a request sits in injected latency", async () => {
    const h = await driver.start({ faults: { latencyMs: 20_000 } });
    const { payment_id } = await h.createPayment(1000);
    const pending = driver.read(h, payment_id).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await h.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });
});
