import type { FastifyReply } from "fastify";
import { CodesparError } from "@codespar/protocol";
import type { ServerConfig } from "../config/server-config.js";
import { TokenBuckets } from "./token-bucket.js";

/**
 * The per-key API rate limit (CODESPAR_API_RATE_LIMIT requests/s, CODESPAR_API_RATE_BURST at
 * once). Authenticated requests count against their key id, refused ones against the client
 * address, so guessing keys is throttled as well. Every counted answer carries RateLimit-Limit,
 * RateLimit-Remaining and RateLimit-Reset; a refused one is 429 rate_limited with Retry-After.
 * The buckets live in this process: several API servers side by side each allow the limit.
 */
export class ApiRateLimit {
  private readonly buckets: TokenBuckets | undefined;
  private readonly ratePerSecond: number;

  constructor(
    config: Pick<ServerConfig, "apiRateLimitPerKey" | "apiRateBurst">,
    private readonly now: () => number = Date.now,
  ) {
    this.ratePerSecond = config.apiRateLimitPerKey;
    // 0 turns the limit off: nothing is counted and no RateLimit headers are sent.
    this.buckets = config.apiRateLimitPerKey > 0 ? new TokenBuckets({ ratePerSecond: config.apiRateLimitPerKey, burst: config.apiRateBurst }) : undefined;
  }

  /** Counts one request of `client` ("key:<id>" or "ip:<address>"); throws rate_limited when it is over. */
  admit(client: string, reply: FastifyReply): void {
    if (!this.buckets) return;
    const d = this.buckets.take(client, this.now());
    void reply.header("ratelimit-limit", String(d.limit));
    void reply.header("ratelimit-remaining", String(d.remaining));
    void reply.header("ratelimit-reset", String(d.resetSeconds));
    if (d.allowed) return;
    void reply.header("retry-after", String(d.retryAfterSeconds));
    throw new CodesparError("rate_limited", `Too many requests from this ${client.startsWith("key:") ? "API key" : "client address"}: at most ${d.limit} at once and ${this.ratePerSecond} per second; retry after ${d.retryAfterSeconds} s`, {
      retry_after_s: d.retryAfterSeconds,
    });
  }
}
