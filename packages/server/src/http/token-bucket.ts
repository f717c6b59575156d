/**
 * Token buckets keyed by client: each holds at most `burst` tokens, refills at `ratePerSecond`,
 * and a request takes one. Pure (the clock is an argument), so every rule is unit-tested.
 */
export interface TokenBucketOptions {
  /** Sustained requests per second per client; must be > 0. */
  ratePerSecond: number;
  /** Requests a client may make at once after being idle; a whole number >= 1. */
  burst: number;
  /** Clients remembered before full (idle) buckets are forgotten. Default 10000. */
  sweepAbove?: number;
}

export interface RateDecision {
  allowed: boolean;
  /** The burst: the most requests a rested client can make at once. */
  limit: number;
  /** Whole requests left right now, after this one. */
  remaining: number;
  /** Whole seconds until the bucket is full again. */
  resetSeconds: number;
  /** When refused: whole seconds (at least 1) until one request would be allowed. 0 when allowed. */
  retryAfterSeconds: number;
}

/** Where a rate limit keeps its buckets: this process (TokenBuckets) or Redis (RedisTokenBuckets). */
export interface RateBuckets {
  take(client: string, nowMs: number): RateDecision | Promise<RateDecision>;
}

export function checkTokenBucketOptions(opts: Pick<TokenBucketOptions, "ratePerSecond" | "burst">): void {
  if (!(opts.ratePerSecond > 0) || !Number.isFinite(opts.ratePerSecond)) throw new RangeError(`ratePerSecond must be a positive number, got ${opts.ratePerSecond}`);
  if (!Number.isSafeInteger(opts.burst) || opts.burst < 1) throw new RangeError(`burst must be a whole number >= 1, got ${opts.burst}`);
}

/** Refills are fractions of a token: a tolerance keeps rounding error from refusing a request that is due. */
export const EPSILON = 1e-9;

/** The answer for a bucket holding `tokens` after the request was counted (or refused), so every store reports alike. */
export function rateDecision(allowed: boolean, tokens: number, opts: Pick<TokenBucketOptions, "ratePerSecond" | "burst">): RateDecision {
  const { ratePerSecond: rate, burst } = opts;
  return {
    allowed,
    limit: burst,
    remaining: Math.floor(tokens + EPSILON),
    resetSeconds: Math.ceil((burst - tokens) / rate),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / rate)),
  };
}

interface Bucket {
  tokens: number;
  atMs: number;
}

export class TokenBuckets implements RateBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private sweepAbove: number;

  constructor(private readonly opts: TokenBucketOptions) {
    checkTokenBucketOptions(opts);
    this.sweepAbove = opts.sweepAbove ?? 10_000;
  }

  /** Counts one request of `client` at `nowMs` if a token is there; a refused request takes nothing and changes nothing. */
  take(client: string, nowMs: number): RateDecision {
    const bucket = this.refilled(client, nowMs);
    const allowed = bucket.tokens >= 1 - EPSILON;
    if (allowed) {
      bucket.tokens = Math.max(0, bucket.tokens - 1);
      this.buckets.set(client, bucket);
      this.sweep(nowMs);
    }
    return rateDecision(allowed, bucket.tokens, this.opts);
  }

  /** Clients currently remembered (for tests of the memory bound). */
  get size(): number {
    return this.buckets.size;
  }

  private refilled(client: string, nowMs: number): Bucket {
    const b = this.buckets.get(client);
    if (!b) return { tokens: this.opts.burst, atMs: nowMs };
    // A clock that steps backwards refills nothing rather than draining the bucket.
    const elapsedS = Math.max(0, nowMs - b.atMs) / 1000;
    return { tokens: Math.min(this.opts.burst, b.tokens + elapsedS * this.opts.ratePerSecond), atMs: Math.max(nowMs, b.atMs) };
  }

  /**
   * Unauthenticated clients are counted by address, so the map could grow with every address
   * seen. A bucket that has refilled to full is the same as no bucket, so those are dropped; the
   * threshold then doubles so a flood of live clients costs one sweep per doubling, not per request.
   */
  private sweep(nowMs: number): void {
    if (this.buckets.size <= this.sweepAbove) return;
    for (const [client, b] of this.buckets) {
      if (b.tokens + (Math.max(0, nowMs - b.atMs) / 1000) * this.opts.ratePerSecond >= this.opts.burst) this.buckets.delete(client);
    }
    this.sweepAbove = Math.max(this.opts.sweepAbove ?? 10_000, this.buckets.size * 2);
  }
}
