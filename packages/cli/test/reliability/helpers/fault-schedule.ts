import type { FaultConfig, RefundBehaviour, Sandbox, WebhookFaults, WebhookRetry } from "@codespar/sandbox";
import { PROVIDERS, type Provider } from "./items.js";
import { intIn, pick, seededRng, type Rng } from "./prng.js";

const LATENCY = { latencyMs: 2, jitterMs: 8 };
/** Stripe POST/GET /v1/refunds, Asaas POST /v3/payments/:id/refund, Mercado Pago POST /v1/payments/:id/refunds. */
const REFUND_PATHS = "refund";

/**
 * The fault phases a provider goes through during a batch. Each lasts 0.4 to 1.2 s and
 * the order is seeded, so every round meets 500s, hangs, both fail-after-apply modes (on refund
 * paths, where being applied matters) and 429 bursts, in a reproducible sequence.
 */
const PHASES: Record<string, (seed: number) => FaultConfig> = {
  errors: (seed) => ({ ...LATENCY, errorRate: 0.12, hangRate: 0.02, seed }),
  "apply-500": (seed) => ({ ...LATENCY, failAfterApplyRate: 0.25, failAfterApplyMode: "500", errorRate: 0.03, match: REFUND_PATHS, seed }),
  "apply-hang": (seed) => ({ ...LATENCY, failAfterApplyRate: 0.2, failAfterApplyMode: "hang", hangRate: 0.02, match: REFUND_PATHS, seed }),
  // Well under the connections' pace (RATE_LIMIT_PER_S): a burst of 429s until the phase ends.
  "429-burst": (seed) => ({ ...LATENCY, rateLimitPerSecond: 12, seed }),
  calm: (seed) => ({ ...LATENCY, seed }),
};

/**
 * Phases to draw from; a 429 burst is drawn half as often as the rest because the pacer needs
 * seconds to regain its pace after one, and a burst every few seconds would hold it down all run.
 */
const DRAW = ["errors", "errors", "apply-500", "apply-500", "apply-hang", "apply-hang", "calm", "calm", "429-burst"];

/** What stays on once the schedule stops (settlement, dead-letter retries, the re-run): a flaky but working provider. */
export const BACKGROUND = (seed: number): FaultConfig => ({ ...LATENCY, errorRate: 0.03, hangRate: 0.005, seed });

/** Pending refunds that settle later through webhooks or the poller, a fifth of them failing. */
export const REFUND_BEHAVIOUR = (seed: number): RefundBehaviour => ({ pendingRate: 0.25, settleAfterMs: 200, settleJitterMs: 1500, failRate: 0.2, seed });

export const WEBHOOK_FAULTS = (seed: number): WebhookFaults => ({ duplicateRate: 0.25, reorderJitterMs: 300, dropRate: 0.05, seed });
/** A few seconds of retries, so deliveries that land while the server is down partly make it after the restart. */
export const WEBHOOK_RETRY: WebhookRetry = { maxAttempts: 6, initialDelayMs: 150, maxDelayMs: 1500, timeoutMs: 2000 };

export interface FaultSchedule {
  /** Phases entered, per name, over all providers. */
  phases: Record<string, number>;
  /** Stops switching and leaves BACKGROUND faults on. */
  stop(): void;
}

export function startFaultSchedule(sandbox: Sandbox, seed: number): FaultSchedule {
  const phases: Record<string, number> = {};
  const timers = new Map<Provider, NodeJS.Timeout>();
  let stopped = false;
  PROVIDERS.forEach((p, i) => {
    const r: Rng = seededRng(seed * 7 + i);
    let n = 0;
    const next = () => {
      if (stopped) return;
      const name = pick(r, DRAW);
      phases[name] = (phases[name] ?? 0) + 1;
      // A fresh fault seed per phase: setFaults restarts the engine's PRNG from the config's seed.
      sandbox[p].setFaults((PHASES[name] as (s: number) => FaultConfig)(seed * 1000 + i * 100 + n++));
      timers.set(p, setTimeout(next, intIn(r, 400, 1200)));
    };
    next();
  });
  return {
    phases,
    stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      PROVIDERS.forEach((p, i) => sandbox[p].setFaults(BACKGROUND(seed * 1000 + 900 + i)));
    },
  };
}
