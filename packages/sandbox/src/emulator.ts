import { setMaxListeners } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { SandboxEvents, type RefundEvent, type RuntimeDeps, type SettleResult } from "./events.js";
import type { EmulatorHandle, EmulatorOptions, SandboxProvider, SandboxRefundRecord, SeededPayment, SettleOutcome } from "./types.js";
import { listen } from "./http/listener.js";
import { readRequest, type SandboxRequest } from "./http/request.js";
import { writeResult, type HttpResult } from "./http/result.js";
import { FaultEngine, type FaultShapes, type Outcome, type RateSnapshot, type Work } from "./faults/engine.js";
import { handleControl, isControlPath } from "./faults/control.js";
import { RefundSettler } from "./settlement/settler.js";
import { assertOutcome, SettleError } from "./settlement/errors.js";
import { WebhookDispatcher } from "./webhooks/dispatcher.js";
import type { WebhookFormat } from "./webhooks/message.js";

/** Runs an endpoint through the fault layer (latency, hang, error, fail-after-apply). */
export type RunFaulted = (work: Work) => Promise<Outcome>;

/** What one provider plugs into the shared emulator shell. */
export interface ProviderRuntime {
  readonly provider: SandboxProvider;
  readonly shapes: FaultShapes;
  /** Refund state changes; settlement and webhook delivery subscribe. */
  readonly events: SandboxEvents;
  /** The provider's webhook events and signatures. */
  readonly webhooks: WebhookFormat;
  /**
   * Everything from authentication to the endpoint. The runtime decides where the fault
   * layer sits (e.g. after Stripe's idempotency lock). Null leaves the request unanswered.
   */
  dispatch(req: SandboxRequest, run: RunFaulted): Promise<HttpResult | null>;
  /** Headers the provider sets on every answer it gives, 429s and 500s included. */
  decorate(req: SandboxRequest, result: HttpResult, rate: RateSnapshot | null): HttpResult;
  /** Throws RangeError on an amount or currency the provider would refuse. */
  createPayment(amountMinor: number, currency?: string): SeededPayment;
  ledger(): SandboxRefundRecord[];
  /** Moves a pending refund to its final state, in the provider's own statuses. */
  settleRefund(refundId: string, outcome: SettleOutcome): SettleResult;
  reset(): void;
}

/** Builds a runtime around the shell's event seam and pending-refund decision. */
export type RuntimeFactory = (deps: RuntimeDeps) => ProviderRuntime;

/** Starts a listener around a provider runtime and returns the public handle. */
export async function startEmulator(build: RuntimeFactory, key: string, options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const closing = new AbortController();
  // Each request waiting out injected latency listens here; many at once is normal load.
  setMaxListeners(0, closing.signal);
  const events = new SandboxEvents();
  // The settler calls back into the runtime, which needs the settler to decide "pending";
  // no timer can fire before `rt` exists, so the forward reference is safe.
  const settler = new RefundSettler(options.refundBehaviour, (id, outcome) => rt.settleRefund(id, outcome));
  const rt = build({ events, refundStartsPending: () => settler.startsPending() });
  const faults = new FaultEngine(options.faults, rt.shapes, closing.signal);
  const webhooks = new WebhookDispatcher(rt.provider, rt.webhooks, {
    targets: options.webhooks,
    faults: options.webhookFaults,
    retry: options.webhookRetry,
  });
  let served = 0;
  let limitedCount = 0;

  events.onRefund((event: RefundEvent) => {
    if (event.change === "created" && event.state === "pending") settler.schedule(event.record.refund_id);
    try {
      webhooks.publish(event);
    } catch (err) {
      // Building an event must never turn an applied refund into a failed API answer.
      process.emitWarning(err instanceof Error ? err : String(err), "SandboxWebhookWarning");
    }
  });

  const handle = {
    provider: rt.provider,
    url: "",
    key,
    setFaults: (f) => faults.set(f),
    getFaults: () => faults.get(),
    createPayment: async (amountMinor, currency) => rt.createPayment(amountMinor, currency),
    refunds: () => rt.ledger(),
    requestCount: () => served,
    rateLimitedCount: () => limitedCount,
    reset: () => {
      rt.reset();
      faults.reset();
      settler.reset();
      webhooks.reset();
      served = 0;
      limitedCount = 0;
    },
    close: async () => {
      closing.abort();
      settler.close();
      await Promise.all([webhooks.close(), listener.close()]);
    },
    setRefundBehaviour: (b) => settler.set(b),
    getRefundBehaviour: () => settler.get(),
    settleRefund: (refundId, outcome) => {
      assertOutcome(outcome);
      const result = rt.settleRefund(refundId, outcome);
      if (!result.ok) throw new SettleError(result.reason, refundId);
      settler.cancel(refundId);
      return result.record;
    },
    setWebhooks: (targets) => webhooks.setTargets(targets),
    getWebhooks: () => webhooks.getTargets(),
    setWebhookFaults: (f) => webhooks.setFaults(f),
    getWebhookFaults: () => webhooks.getFaults(),
    setWebhookRetry: (r) => webhooks.setRetry(r),
    getWebhookRetry: () => webhooks.getRetry(),
    deliveries: () => webhooks.deliveries(),
    webhooksIdle: () => webhooks.idle(),
  } satisfies EmulatorHandle;

  const control = { ...handle, createPayment: (amount: number, currency?: string) => rt.createPayment(amount, currency) };

  async function serve(req: SandboxRequest, res: ServerResponse): Promise<void> {
    if (isControlPath(req.path)) {
      writeResult(res, handleControl(req, control));
      return;
    }
    served++;
    const finish = (result: HttpResult) => writeResult(res, rt.decorate(req, result, faults.rateSnapshot()));
    const limited = faults.gate(req.path);
    if (limited) {
      limitedCount++;
      finish(limited);
      return;
    }
    const run: RunFaulted = (work) => faults.run(req.path, req.method === "POST", work);
    let result: HttpResult | null;
    try {
      result = await rt.dispatch(req, run);
    } catch {
      result = rt.shapes.serverError();
    }
    // A null result is a hang: the socket stays open until the client gives up or close().
    if (result !== null) finish(result);
  }

  const onRequest = (raw: IncomingMessage, res: ServerResponse) => {
    // Any failure outside the provider's own error handling ends the exchange instead of
    // surfacing as an unhandled rejection in the host process.
    readRequest(raw)
      .then((req) => serve(req, res))
      .catch(() => res.destroy());
  };

  const listener = await listen(onRequest, options.port ?? 0, options.host ?? "127.0.0.1");
  handle.url = listener.url;
  return handle;
}
