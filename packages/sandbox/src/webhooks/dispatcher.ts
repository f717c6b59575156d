import { setMaxListeners } from "node:events";
import type { RefundEvent } from "../events.js";
import { randomSeed, seededRandom, type Random } from "../faults/prng.js";
import { sleep } from "../faults/sleep.js";
import type { SandboxProvider, WebhookDelivery, WebhookFaults, WebhookRetry, WebhookTarget } from "../types.js";
import { parseWebhookFaults, parseWebhookRetry, parseWebhookTargets } from "./config.js";
import type { WebhookEvent, WebhookFormat } from "./message.js";
import { DEFAULT_RETRY, retryDelay, shouldRetry, type AttemptStatus } from "./retry.js";

/** Delivery log lines kept; older ones go first, so long benchmark runs stay bounded. */
const LOG_LIMIT = 10_000;

export interface DispatcherOptions {
  targets?: WebhookTarget[] | undefined;
  faults?: WebhookFaults | undefined;
  retry?: WebhookRetry | undefined;
}

/**
 * Delivers one emulator's webhooks at least once: each event goes to each target in its
 * own background task (never on the API request's path), retried with exponential
 * back-off, through the configured delivery faults. Every wait and request is tied to an
 * abort signal, so reset() and close() stop all of them at once.
 */
export class WebhookDispatcher {
  private targets: WebhookTarget[] = [];
  private faults: WebhookFaults = {};
  private retry: WebhookRetry = {};
  private random: Random = seededRandom(0);
  private log: WebhookDelivery[] = [];
  private readonly tasks = new Set<Promise<void>>();
  private generation = abortable();
  private closed = false;

  constructor(
    private readonly provider: SandboxProvider,
    private readonly format: WebhookFormat,
    options: DispatcherOptions = {},
  ) {
    this.setTargets(options.targets ?? []);
    this.setFaults(options.faults ?? {});
    this.setRetry(options.retry ?? {});
  }

  setTargets(targets: WebhookTarget[]): void {
    this.targets = parseWebhookTargets(targets);
  }

  getTargets(): WebhookTarget[] {
    return this.targets.map((t) => ({ ...t }));
  }

  setFaults(faults: WebhookFaults): void {
    this.faults = parseWebhookFaults(faults);
    this.random = seededRandom(this.faults.seed ?? randomSeed());
  }

  getFaults(): WebhookFaults {
    return { ...this.faults };
  }

  setRetry(retry: WebhookRetry): void {
    this.retry = parseWebhookRetry(retry);
  }

  getRetry(): WebhookRetry {
    return { ...this.retry };
  }

  /** Turns a refund change into the provider's events and starts delivering them. */
  publish(change: RefundEvent): void {
    if (this.closed || this.targets.length === 0) return;
    const events = this.format.events(change, this.targets.length);
    for (const event of events) for (const target of this.targets) this.fanOut(target, event);
  }

  deliveries(): WebhookDelivery[] {
    return this.log.map((d) => ({ ...d }));
  }

  /** Resolves when no delivery is waiting, in flight or backing off. */
  async idle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.all([...this.tasks]);
  }

  /** Abandons every delivery under way, empties the log and restarts the fault sequence. */
  reset(): void {
    this.generation.abort();
    this.generation = abortable();
    this.log = [];
    this.random = seededRandom(this.faults.seed ?? randomSeed());
  }

  async close(): Promise<void> {
    this.closed = true;
    this.generation.abort();
    await this.idle();
  }

  private fanOut(target: WebhookTarget, event: WebhookEvent): void {
    const f = this.faults;
    if (this.roll(f.dropRate)) {
      this.record(this.format.sign(target, event, new Date()).url, event, 0, "dropped");
      return;
    }
    const copies = this.roll(f.duplicateRate) ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const delay = f.reorderJitterMs ? this.random() * f.reorderJitterMs : 0;
      const task = this.deliver(target, event, delay, this.generation.signal);
      this.tasks.add(task);
      void task.finally(() => this.tasks.delete(task));
    }
  }

  private async deliver(target: WebhookTarget, event: WebhookEvent, delay: number, signal: AbortSignal): Promise<void> {
    if (!(await sleep(delay, signal))) return;
    for (let attempt = 1; ; attempt++) {
      const { url, status } = await this.attempt(target, event, signal);
      // An attempt cut short by reset() or close() is not an answer from the receiver.
      if (signal.aborted) return;
      this.record(url, event, attempt, status);
      if (!shouldRetry(status, attempt, this.retry)) return;
      if (!(await sleep(retryDelay(attempt, this.retry), signal))) return;
    }
  }

  private async attempt(target: WebhookTarget, event: WebhookEvent, signal: AbortSignal): Promise<{ url: string; status: AttemptStatus }> {
    let url = target.url;
    const controller = new AbortController();
    const stop = () => controller.abort();
    signal.addEventListener("abort", stop, { once: true });
    const timer = setTimeout(stop, this.retry.timeoutMs ?? DEFAULT_RETRY.timeoutMs);
    try {
      const signed = this.format.sign(target, event, new Date());
      // The signer only adds a query; anything else would send data to a host nobody configured.
      if (new URL(signed.url).origin !== new URL(target.url).origin) return { url, status: "error" };
      url = signed.url;
      const res = await fetch(url, {
        method: "POST",
        headers: signed.headers,
        body: event.body,
        // A redirect is a failed delivery, never a reason to post the event somewhere else.
        redirect: "manual",
        signal: controller.signal,
      });
      // Read the answer to the end so the connection can be reused for the next event.
      await res.arrayBuffer().catch(() => undefined);
      return { url, status: res.status };
    } catch {
      return { url, status: "error" };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", stop);
    }
  }

  private record(url: string, event: WebhookEvent, attempt: number, status: WebhookDelivery["status"]): void {
    if (this.log.length >= LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT + 1);
    this.log.push({ provider: this.provider, url, event_id: event.id, type: event.type, attempt, status, at: new Date().toISOString() });
  }

  private roll(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.random() < rate;
  }
}

/**
 * Every delivery in flight listens on the generation's signal (its wait and its request),
 * so a burst of refunds legitimately puts hundreds of listeners on it; lift Node's
 * leak-warning threshold of 10 for this one signal.
 */
function abortable(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
