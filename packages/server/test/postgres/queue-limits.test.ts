import { describe, expect, it } from "vitest";
import { RATE_HEADROOM, connectionRate, limiterFor } from "../../src/batches/bullmq-limits.js";
import { jobIdFor, parseQueueName, queueNameFor } from "../../src/batches/bullmq-names.js";

/** Starts per second a limiter allows at most, over any rolling second (fixed windows, `max` each). */
const worstRollingSecond = (l: { max: number; duration: number }) => (Math.floor(1000 / l.duration) + 1) * l.max;

describe("BullMQ queue limits and names", () => {
  it("paces items at the connection's rate divided by the requests one item costs, with headroom", () => {
    // Windows are whole milliseconds, so the pace lands within a few percent under the target.
    const perSecond = (l: { max: number; duration: number }) => (l.max / l.duration) * 1000;
    for (const [pace, target] of [[perSecond(limiterFor("stripe", 50)), 50 * RATE_HEADROOM], [perSecond(limiterFor("mercadopago", 100)), (100 * RATE_HEADROOM) / 2]]) {
      expect(pace).toBeLessThanOrEqual(target * 1.03);
      expect(pace).toBeGreaterThanOrEqual(target * 0.95);
    }
  });

  it("spreads starts over small windows so no rolling second starts a burst far over the rate (the pacer holds the exact limit)", () => {
    for (const [server, rate, perItem] of [["stripe", 25, 1], ["stripe", 100, 1], ["asaas", 10, 1], ["mercadopago", 50, 2], ["stripe", 2000, 1]] as const) {
      const l = limiterFor(server, rate);
      expect(l.duration, `${server} ${rate}/s`).toBeLessThanOrEqual(1000);
      expect(worstRollingSecond(l) * perItem, `${server} ${rate}/s`).toBeLessThanOrEqual(Math.ceil(rate * RATE_HEADROOM * 1.1) + perItem);
    }
  });

  it("uses the connection's own rate, else the provider's default for its mode", () => {
    expect(connectionRate({ server: "stripe", mode: "test", rate_limit_per_s: 7 })).toBe(7);
    expect(connectionRate({ server: "stripe", mode: "live", rate_limit_per_s: null })).toBe(100);
    expect(connectionRate({ server: "asaas", mode: "test", rate_limit_per_s: null })).toBe(10);
  });

  it("names one queue per connection and maps item ids to BullMQ-safe job ids one to one", () => {
    expect(parseQueueName(queueNameFor("mercadopago", "conn_Ab1"))).toEqual({ server: "mercadopago", connectionId: "conn_Ab1" });
    expect(parseQueueName("codespar-batch-unrouted")).toBeUndefined();
    expect(jobIdFor("bat_x_12")).toBe("bat_x_12");
    expect(jobIdFor("a:b")).not.toContain(":");
    expect(jobIdFor("a:b")).not.toBe(jobIdFor("a%3Ab"));
  });
});
