import type { Sandbox } from "@codespar/sandbox";
import { PROVIDERS } from "./items.js";

export interface WebhookStats {
  /** Attempts posted to the server. */
  attempts: number;
  /** Events the emulators delivered twice on purpose (duplicateRate). */
  duplicated: number;
  /** Events never delivered (dropRate): the poller had to find those. */
  dropped: number;
  /** Attempts that met no server (it was SIGKILLed) or a non-2xx answer, and were retried. */
  failedAttempts: number;
}

export function webhookStats(sandbox: Sandbox): WebhookStats {
  const out: WebhookStats = { attempts: 0, duplicated: 0, dropped: 0, failedAttempts: 0 };
  for (const p of PROVIDERS) {
    const firsts = new Map<string, number>();
    for (const d of sandbox[p].deliveries()) {
      if (d.status === "dropped") {
        out.dropped++;
        continue;
      }
      out.attempts++;
      if (d.status === "error" || d.status >= 300) out.failedAttempts++;
      if (d.attempt === 1) firsts.set(d.event_id, (firsts.get(d.event_id) ?? 0) + 1);
    }
    for (const n of firsts.values()) if (n > 1) out.duplicated += n - 1;
  }
  return out;
}
