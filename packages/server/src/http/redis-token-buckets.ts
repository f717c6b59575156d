import type { Redis } from "ioredis";
import { checkTokenBucketOptions, EPSILON, rateDecision, type RateBuckets, type RateDecision, type TokenBucketOptions } from "./token-bucket.js";

/**
 * TokenBuckets.take in one atomic step, so every API process draws from the same bucket. Redis's
 * clock, not the callers', so machines' clocks never matter. A refused request writes nothing, as
 * in memory. The key expires once the bucket would be full again, which is the same as no key:
 * idle clients (every address ever refused) do not pile up in Redis.
 * Tokens go back as a string: Redis turns a Lua number into an integer.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local tokens = burst
local at = now
local held = redis.call('HMGET', KEYS[1], 'tokens', 'at_ms')
if held[1] and held[2] then
  local last = tonumber(held[2])
  tokens = math.min(burst, tonumber(held[1]) + math.max(0, now - last) / 1000 * rate)
  at = math.max(now, last)
end
if tokens < 1 - tonumber(ARGV[3]) then return {0, tostring(tokens)} end
tokens = math.max(0, tokens - 1)
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at_ms', tostring(at))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + tonumber(ARGV[4]))
return {1, tostring(tokens)}
`;

const COMMAND = "codesparApiRateTake";

/** Kept past the refill time so a key never expires while a request racing it still counts on it. */
const EXPIRY_MARGIN_MS = 1_000;

type WithTake = Redis & { [COMMAND](key: string, burst: string, rate: string, epsilon: string, marginMs: string): Promise<[number, string]> };

export interface RedisTokenBucketsOptions extends Pick<TokenBucketOptions, "ratePerSecond" | "burst"> {
  /** The deployment's key prefix (config.redisPrefix). */
  prefix: string;
}

export class RedisTokenBuckets implements RateBuckets {
  private readonly redis: WithTake;

  constructor(redis: Redis, private readonly opts: RedisTokenBucketsOptions) {
    checkTokenBucketOptions(opts);
    // The connection is shared (BullMQ's): the script is defined on it once, run by EVALSHA.
    if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: TAKE });
    this.redis = redis as WithTake;
  }

  /** Rejects at once while the connection is down: queued, the command would take a token later for a request already answered. */
  async take(client: string): Promise<RateDecision> {
    if (this.redis.status !== "ready") throw new Error(`Redis connection is ${this.redis.status}`);
    const { burst, ratePerSecond } = this.opts;
    const [allowed, tokens] = await this.redis[COMMAND](this.keyFor(client), String(burst), String(ratePerSecond), String(EPSILON), String(EXPIRY_MARGIN_MS));
    return rateDecision(allowed === 1, Number(tokens), this.opts);
  }

  keyFor(client: string): string {
    return `${this.opts.prefix}:codespar:api-rate:${client}`;
  }
}
