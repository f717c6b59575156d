import type { FastifyBaseLogger, FastifyReply } from "fastify";
import { CodesparError } from "@codespar/protocol";
import type { ServerConfig } from "../config/server-config.js";
import { TokenBuckets, type RateBuckets, type RateDecision, type TokenBucketOptions } from "./token-bucket.js";

/** How long a request waits for the shared buckets before it is counted in this process instead. */
const SHARED_TIMEOUT_MS = 200;
/** At most one warning per this long while the shared buckets fail, not one per request. */
const WARN_EVERY_MS = 10_000;

export interface ApiRateLimitOptions {
  /** Buckets shared by every API process (Redis, when REDIS_URL is set); absent: this process's own. */
  shared?: (bucket: Pick<TokenBucketOptions, "ratePerSecond" | "burst">) => RateBuckets;
  log?: Pick<FastifyBaseLogger, "warn">;
  now?: () => number;
}

/**
 * The per-key API rate limit (CODESPAR_API_RATE_LIMIT requests/s, CODESPAR_API_RATE_BURST at
 * once). Authenticated requests count against their key id, refused ones against the client
 * address, so guessing keys is throttled as well. Every counted answer carries RateLimit-Limit,
 * RateLimit-Remaining and RateLimit-Reset; a refused one is 429 rate_limited with Retry-After.
 * With shared buckets the limit holds across all API processes together.
 */
export class ApiRateLimit {
  private readonly local: TokenBuckets | undefined;
  private readonly shared: RateBuckets | undefined;
  private readonly ratePerSecond: number;
  private readonly log: Pick<FastifyBaseLogger, "warn"> | undefined;
  private readonly now: () => number;
  private lastWarnAt = -Infinity;
  private fallbacksSinceWarn = 0;

  constructor(config: Pick<ServerConfig, "apiRateLimitPerKey" | "apiRateBurst">, opts: ApiRateLimitOptions = {}) {
    this.ratePerSecond = config.apiRateLimitPerKey;
    this.log = opts.log;
    this.now = opts.now ?? Date.now;
    // 0 turns the limit off: nothing is counted and no RateLimit headers are sent.
    if (config.apiRateLimitPerKey <= 0) return;
    const bucket = { ratePerSecond: config.apiRateLimitPerKey, burst: config.apiRateBurst };
    this.local = new TokenBuckets(bucket);
    this.shared = opts.shared?.(bucket);
  }

  /** Counts one request of `client` ("key:<id>" or "ip:<address>"); throws rate_limited when it is over. */
  async admit(client: string, reply: FastifyReply): Promise<void> {
    if (!this.local) return;
    const d = this.shared ? await this.takeShared(this.shared, this.local, client) : this.local.take(client, this.now());
    void reply.header("ratelimit-limit", String(d.limit));
    void reply.header("ratelimit-remaining", String(d.remaining));
    void reply.header("ratelimit-reset", String(d.resetSeconds));
    if (d.allowed) return;
    void reply.header("retry-after", String(d.retryAfterSeconds));
    throw new CodesparError("rate_limited", `Too many requests from this ${client.startsWith("key:") ? "API key" : "client address"}: at most ${d.limit} at once and ${this.ratePerSecond} per second; retry after ${d.retryAfterSeconds} s`, {
      retry_after_s: d.retryAfterSeconds,
    });
  }

  // Availability over exactness: when Redis fails or is slow the API keeps answering, limited per process until Redis is back.
  private async takeShared(shared: RateBuckets, local: TokenBuckets, client: string): Promise<RateDecision> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${SHARED_TIMEOUT_MS} ms`)), SHARED_TIMEOUT_MS);
      timer.unref();
    });
    try {
      return await Promise.race([Promise.resolve(shared.take(client, this.now())), timedOut]);
    } catch (err) {
      this.warnFallback(err);
      return local.take(client, this.now());
    } finally {
      clearTimeout(timer);
    }
  }

  private warnFallback(err: unknown): void {
    this.fallbacksSinceWarn++;
    const now = this.now();
    if (now - this.lastWarnAt < WARN_EVERY_MS) return;
    this.log?.warn({ err, fallbacks: this.fallbacksSinceWarn }, "API rate limit: shared buckets in Redis unavailable; counting in this process");
    this.lastWarnAt = now;
    this.fallbacksSinceWarn = 0;
  }
}
