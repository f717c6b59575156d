import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EmulatorHandle, EmulatorOptions } from "../../src/index.js";
import { drivers } from "../support/drivers.js";
import { failFirst, settle, startReceiver, type Receiver } from "../support/receiver.js";

const SECRET = "whsec_delivery_suite";

/** Timers alive in this process, to prove close() leaves none of the emulator's behind. */
function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
}

describe.each(drivers)("$provider webhook delivery", (driver) => {
  let rx: Receiver;
  let h: EmulatorHandle | undefined;

  beforeEach(async () => {
    rx = await startReceiver();
  });
  afterEach(async () => {
    await h?.close();
    h = undefined;
    await rx.close();
  });

  async function start(o: EmulatorOptions = {}): Promise<EmulatorHandle> {
    h = await driver.start({ webhooks: [{ url: `${rx.url}/hook`, secret: SECRET }], webhookRetry: { initialDelayMs: 20 }, ...o });
    return h;
  }

  async function refundOnce(emu: EmulatorHandle, amount = 1000): Promise<void> {
    const { payment_id } = await emu.createPayment(5000);
    const answer = await driver.refund(emu, payment_id, amount);
    expect(answer.status).toBeLessThan(300);
  }

  it("retries a receiver that answers 500 twice, and logs every attempt", async () => {
    const emu = await start();
    rx.respond(failFirst(2));
    await refundOnce(emu);
    await emu.webhooksIdle();
    const log = emu.deliveries();
    const ids = [...new Set(log.map((d) => d.event_id))];
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const attempts = log.filter((d) => d.event_id === id);
      expect(attempts.map((d) => d.attempt)).toEqual([1, 2, 3]);
      expect(attempts.map((d) => d.status)).toEqual([500, 500, 200]);
      expect(attempts.every((d) => d.provider === driver.provider && d.url.startsWith(`${rx.url}/hook`))).toBe(true);
      expect(attempts.every((d) => !Number.isNaN(Date.parse(d.at)))).toBe(true);
    }
    // The receiver saw the same event (same id and body) on each attempt.
    expect(rx.received).toHaveLength(ids.length * 3);
    for (const id of ids) expect(new Set(rx.received.filter((r) => String(r.body.id) === id).map((r) => r.raw)).size).toBe(1);
  });

  it("gives up after maxAttempts", async () => {
    const emu = await start({ webhookRetry: { maxAttempts: 2, initialDelayMs: 10 } });
    rx.respond(() => 503);
    await refundOnce(emu);
    await emu.webhooksIdle();
    const perEvent = new Map<string, number>();
    for (const d of emu.deliveries()) perEvent.set(d.event_id, (perEvent.get(d.event_id) ?? 0) + 1);
    expect([...perEvent.values()].every((n) => n === 2)).toBe(true);
  });

  it("duplicateRate 1 delivers every event twice with the same id", async () => {
    const emu = await start({ webhookFaults: { duplicateRate: 1 } });
    await refundOnce(emu);
    await emu.webhooksIdle();
    const counts = new Map<string, number>();
    for (const r of rx.received) counts.set(String(r.body.id), (counts.get(String(r.body.id)) ?? 0) + 1);
    expect(counts.size).toBeGreaterThan(0);
    expect([...counts.values()].every((n) => n === 2)).toBe(true);
  });

  it("dropRate 1 delivers nothing, and the log says so", async () => {
    const emu = await start({ webhookFaults: { dropRate: 1 } });
    await refundOnce(emu);
    await emu.webhooksIdle();
    await settle();
    expect(rx.received).toHaveLength(0);
    const log = emu.deliveries();
    expect(log.length).toBeGreaterThan(0);
    expect(log.every((d) => d.status === "dropped" && d.attempt === 0)).toBe(true);
  });

  it("answers the API at once while the receiver hangs, and times the attempt out", async () => {
    const emu = await start({ webhookRetry: { maxAttempts: 1, timeoutMs: 150 } });
    rx.respond(() => "hang");
    const t0 = Date.now();
    await refundOnce(emu);
    expect(Date.now() - t0).toBeLessThan(1000);
    await rx.waitForCount(1);
    await emu.webhooksIdle();
    expect(emu.deliveries().every((d) => d.status === "error")).toBe(true);
  });

  it("close() with pending settlements and back-offs resolves fast and leaves no timers", async () => {
    const before = activeTimers();
    const emu = await start({
      refundBehaviour: { pendingRate: 1, settleAfterMs: 30_000 },
      webhookRetry: { initialDelayMs: 30_000 },
    });
    rx.respond(() => 500);
    await refundOnce(emu);
    await rx.waitForCount(1);
    await settle(30);
    const t0 = Date.now();
    await emu.close();
    h = undefined;
    expect(Date.now() - t0).toBeLessThan(500);
    expect(activeTimers()).toBeLessThanOrEqual(before);
    const seen = rx.received.length;
    await settle(100);
    expect(rx.received).toHaveLength(seen);
  });

  it("never follows a redirect to another host", async () => {
    const other = await startReceiver();
    try {
      const emu = await start({ webhookRetry: { maxAttempts: 2, initialDelayMs: 10 } });
      rx.respond(() => ({ status: 307, headers: { Location: `${other.url}/stolen` } }));
      await refundOnce(emu);
      await emu.webhooksIdle();
      await settle(50);
      expect(other.received).toHaveLength(0);
      expect(emu.deliveries().every((d) => d.status === 307 && d.url.startsWith(rx.url))).toBe(true);
    } finally {
      await other.close();
    }
  });
});

describe("webhook delivery faults and targets", () => {
  const [stripe] = drivers;
  let rx: Receiver;
  let h: EmulatorHandle | undefined;

  beforeEach(async () => {
    rx = await startReceiver();
  });
  afterEach(async () => {
    await h?.close();
    h = undefined;
    await rx.close();
  });

  it("reorderJitterMs lets events arrive out of the order they happened", async () => {
    h = await stripe!.start({ webhooks: [{ url: rx.url, secret: SECRET }], webhookFaults: { reorderJitterMs: 150, seed: 7 } });
    const { payment_id } = await h.createPayment(10_000);
    const emitted: string[] = [];
    for (let i = 0; i < 8; i++) {
      const answer = await stripe!.refund(h, payment_id, 100);
      emitted.push(answer.body.id as string);
    }
    await h.webhooksIdle();
    const arrived = rx.received.filter((r) => r.body.type === "refund.created").map((r) => r.body.data.object.id as string);
    expect([...arrived].sort()).toEqual([...emitted].sort());
    expect(arrived).not.toEqual(emitted);
  });

  it("delivers to every configured target, and setWebhooks([]) stops delivery", async () => {
    const second = await startReceiver();
    try {
      h = await stripe!.start();
      h.setWebhooks([
        { url: `${rx.url}/a`, secret: SECRET },
        { url: `${second.url}/b`, secret: "whsec_other" },
      ]);
      const { payment_id } = await h.createPayment(5000);
      await stripe!.refund(h, payment_id, 100);
      await h.webhooksIdle();
      expect(rx.received.map((r) => r.body.type).sort()).toEqual(["charge.refunded", "refund.created"]);
      expect(second.received.map((r) => r.body.id).sort()).toEqual(rx.received.map((r) => r.body.id).sort());
      expect(rx.received[0]?.body.pending_webhooks).toBe(2);

      h.setWebhooks([]);
      await stripe!.refund(h, payment_id, 100);
      await h.webhooksIdle();
      expect(rx.received).toHaveLength(2);
    } finally {
      await second.close();
    }
  });
});
