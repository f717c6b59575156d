const TWELVE_HOURS_MS = 12 * 60 * 60 * 1000;
const QUOTA = 25_000;

/**
 * Asaas's documented quota (25,000 requests per 12 h) reported in RateLimit-* headers.
 * It is reported, not enforced: enforcement belongs to the rateLimitPerSecond fault so
 * long benchmarks are not cut off by a limit they did not ask for.
 */
export class AsaasQuota {
  private windowStart = Date.now();
  private used = 0;

  take(now = Date.now()): { limit: number; remaining: number; resetSeconds: number } {
    if (now - this.windowStart >= TWELVE_HOURS_MS) {
      this.windowStart = now;
      this.used = 0;
    }
    this.used++;
    return {
      limit: QUOTA,
      remaining: Math.max(0, QUOTA - this.used),
      resetSeconds: Math.ceil((this.windowStart + TWELVE_HOURS_MS - now) / 1000),
    };
  }

  reset(): void {
    this.windowStart = Date.now();
    this.used = 0;
  }
}
