import { setTimeout as sleep } from "node:timers/promises";
import { CodesparError } from "@codespar/protocol";
import type { Redis } from "ioredis";
import { Pacer, type PacerConfig } from "../pacing/pacer.js";

/**
 * GCRA over Redis: one "next free slot" per connection, on Redis's clock so machines' clocks
 * never matter. Each call reserves the next slot and learns how long to wait for it; a slot
 * further away than the caller may wait is not taken.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local at = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
local wait = at - now
if wait > tonumber(ARGV[2]) then return -1 end
redis.call('SET', KEYS[1], tostring(at + tonumber(ARGV[1])), 'PX', math.ceil(wait + tonumber(ARGV[1]) + 1000))
return math.floor(wait)
`;

/**
 * The hard guarantee, as a provider counts: at most `limit` requests sent, by every process
 * together, in any rolling window. A sleeping caller whose timer fires late (a stalled event
 * loop) still finds the window full and waits again instead of leaving bunched with the others.
 */
const ENTER_WINDOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window * 2)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return tonumber(oldest[2]) + window - now + 1
`;

/** The provider's counting window plus a margin for the network jitter between us and it (as the local pacer). */
const WINDOW_MS = 1_025;

/**
 * Share of the connection's rate the shared slots are spaced for. Wider than one process's 3%:
 * between taking its place in the Redis window and arriving at the provider, a request crosses
 * a Redis round trip and another process's event loop, and on a saturated machine (five
 * processes on two cores) spacing at 97% let 1-3 requests in ~1,600 arrive as a 31st in a
 * second. At 93% thirty slots span 1,075 ms, absorbing about 75 ms of that skew.
 */
export const SHARED_RATE_HEADROOM = 0.93;

export interface SharedPacerOptions {
  redis: Redis;
  /** The connection's keys in Redis (a schedule and a window under it). */
  key: string;
  /** The connection's requests per second, for all processes together. */
  ratePerSecond: number;
}

/**
 * A connection's pacer in a deployment of several processes. The queue's limiter spaces the
 * items' starts; the provider counts requests, which leave each worker after a delay that grows
 * with load, so starts evenly spaced can still arrive bunched. Every request therefore also takes
 * a slot from the connection's one schedule in Redis, then a place in its one rolling window.
 * This process's own pacer still runs first: it holds calls back after a 429.
 */
export class SharedPacer extends Pacer {
  private readonly intervalMs: number;
  private readonly sharedMaxWaitMs: number;
  private readonly sharedWindowLimit: number;
  private sharedSends = 0;

  constructor(config: PacerConfig, private readonly shared: SharedPacerOptions) {
    super(config);
    this.intervalMs = 1000 / (shared.ratePerSecond * SHARED_RATE_HEADROOM);
    this.sharedMaxWaitMs = config.maxWaitMs ?? 60_000;
    this.sharedWindowLimit = Math.max(1, Math.floor(shared.ratePerSecond));
  }

  override async acquire(): Promise<void> {
    await super.acquire();
    const deadline = Date.now() + this.sharedMaxWaitMs;
    const wait = Number(await this.shared.redis.eval(RESERVE, 1, `${this.shared.key}:slot`, String(this.intervalMs), String(this.sharedMaxWaitMs)));
    if (wait < 0) throw this.waitedTooLong();
    if (wait > 0) await sleep(wait);
    const member = `${process.pid}:${++this.sharedSends}:${Math.random()}`;
    for (;;) {
      const more = Number(await this.shared.redis.eval(ENTER_WINDOW, 1, `${this.shared.key}:window`, String(this.sharedWindowLimit), String(WINDOW_MS), member));
      if (more <= 0) return;
      if (Date.now() + more > deadline) throw this.waitedTooLong();
      await sleep(more);
    }
  }

  private waitedTooLong(): CodesparError {
    return new CodesparError("provider_rate_limited", `Waited too long for a slot under this connection's rate limit (${this.shared.ratePerSecond}/s across all processes); nothing was sent`, { paced: true });
  }
}
