import type { HttpResult } from "./http/result.js";

type Entry =
  | { state: "in-flight"; fingerprint: string; settled: Promise<void> }
  | { state: "done"; fingerprint: string; result: HttpResult; storedAt: number };

/** Holds an idempotency key while its first request runs; settle it exactly once. */
export interface IdempotencyTicket {
  /** Remembers `result` for the key, or forgets the key when null (nothing started). */
  settle(result: HttpResult | null): void;
}

/**
 * Remembers the first answer given for each idempotency key, and which keys are still
 * being worked on. Provider runtimes layer their own rules (409 vs wait, fingerprint
 * checks) on top.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly ttlMs: number) {}

  lookup(key: string, now = Date.now()): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.state === "done" && now - entry.storedAt >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  begin(key: string, fingerprint: string): IdempotencyTicket {
    this.sweep();
    let release: () => void = () => {};
    const settled = new Promise<void>((resolve) => (release = resolve));
    this.entries.set(key, { state: "in-flight", fingerprint, settled });
    let open = true;
    return {
      settle: (result) => {
        if (!open) return;
        open = false;
        if (result === null) this.entries.delete(key);
        else this.entries.set(key, { state: "done", fingerprint, result, storedAt: Date.now() });
        release();
      },
    };
  }

  clear(): void {
    this.entries.clear();
  }

  /** Drops expired answers from the oldest end, so long benchmark runs do not grow without bound. */
  private sweep(now = Date.now()): void {
    for (const [key, entry] of this.entries) {
      if (entry.state !== "done" || now - entry.storedAt < this.ttlMs) return;
      this.entries.delete(key);
    }
  }
}

/**
 * The answer a provider's idempotency layer ends up holding after one faulted run: what
 * it sent, or what it computed when the answer was lost on the way (a hang after apply).
 * Nothing when the endpoint never ran.
 */
export function answerToRemember(outcome: { response: HttpResult | null; handled: HttpResult | null }): HttpResult | null {
  const answer = outcome.response ?? outcome.handled;
  return answer === null || answer.noReplay ? null : answer;
}
