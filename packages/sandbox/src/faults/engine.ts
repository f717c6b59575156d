import type { FaultConfig } from "../types.js";
import type { HttpResult } from "../http/result.js";
import { parseFaultConfig } from "./config.js";
import { randomSeed, seededRandom, type Random } from "./prng.js";
import { RateWindow } from "./rate-window.js";
import { sleep } from "./sleep.js";

export type FaultKind = "none" | "error" | "hang" | "fail-after-apply";

/** How one request went through the fault layer. */
export interface Outcome {
  /** What the client receives; null means it never gets an answer. */
  response: HttpResult | null;
  /** The endpoint's own answer when it ran, whatever the client was shown. */
  handled: HttpResult | null;
  fault: FaultKind;
}

/** The provider's own wording for the failures the engine injects. */
export interface FaultShapes {
  serverError(): HttpResult;
  rateLimited(retryAfterSeconds: number): HttpResult;
}

export interface RateSnapshot {
  limit: number;
  remaining: number;
  resetSeconds: number;
}

export type Work = () => HttpResult;

/**
 * Decides, per request, which configured fault (if any) strikes. One engine per emulator;
 * all randomness comes from one seeded PRNG so a seed replays the same fault sequence.
 */
export class FaultEngine {
  private config: FaultConfig = {};
  private matcher: RegExp | null = null;
  private random: Random = seededRandom(0);
  private readonly window = new RateWindow(1000);

  constructor(
    config: FaultConfig | undefined,
    private readonly shapes: FaultShapes,
    private readonly signal: AbortSignal,
  ) {
    this.set(config ?? {});
  }

  set(config: FaultConfig): void {
    this.config = parseFaultConfig(config);
    this.matcher = this.config.match === undefined ? null : new RegExp(this.config.match);
    this.reset();
  }

  get(): FaultConfig {
    return { ...this.config };
  }

  /** Restarts the fault sequence (same seed, same sequence) and empties the rate window. */
  reset(): void {
    this.random = seededRandom(this.config.seed ?? randomSeed());
    this.window.reset();
  }

  appliesTo(path: string): boolean {
    return this.matcher === null || this.matcher.test(path);
  }

  /** The provider's 429 when this request is over the rate limit, else null. Never delayed. */
  gate(path: string): HttpResult | null {
    const limit = this.config.rateLimitPerSecond;
    if (limit === undefined || !this.appliesTo(path)) return null;
    const admission = this.window.admit(limit);
    if (admission.admitted) return null;
    return this.shapes.rateLimited(Math.ceil(admission.retryAfterMs / 1000));
  }

  rateSnapshot(): RateSnapshot | null {
    const limit = this.config.rateLimitPerSecond;
    if (limit === undefined) return null;
    return { limit, remaining: Math.max(0, limit - this.window.count()), resetSeconds: 1 };
  }

  /**
   * Runs the endpoint `work` with latency, hangs and errors around it. `mutating` marks
   * requests whose success changes state, the only ones fail-after-apply can hit.
   */
  async run(path: string, mutating: boolean, work: Work): Promise<Outcome> {
    if (!this.appliesTo(path)) {
      const handled = work();
      return { response: handled, handled, fault: "none" };
    }
    const c = this.config;
    const delay = (c.latencyMs ?? 0) + (c.jitterMs ? this.random() * c.jitterMs : 0);
    if (!(await sleep(delay, this.signal))) return { response: null, handled: null, fault: "hang" };
    if (this.roll(c.hangRate)) return { response: null, handled: null, fault: "hang" };
    if (this.roll(c.errorRate)) return { response: this.shapes.serverError(), handled: null, fault: "error" };

    const handled = work();
    const applied = mutating && handled.status >= 200 && handled.status < 300;
    if (applied && this.roll(c.failAfterApplyRate)) {
      const response = c.failAfterApplyMode === "hang" ? null : this.shapes.serverError();
      return { response, handled, fault: "fail-after-apply" };
    }
    return { response: handled, handled, fault: "none" };
  }

  private roll(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.random() < rate;
  }
}
