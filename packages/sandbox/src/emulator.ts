import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxEvents } from "./events.js";
import type {
  EmulatorHandle,
  EmulatorOptions,
  FaultConfig,
  SandboxProvider,
  SandboxRefundRecord,
  SeededPayment,
} from "./types.js";
import { listen } from "./http/listener.js";
import { readRequest, type SandboxRequest } from "./http/request.js";
import { writeResult, type HttpResult } from "./http/result.js";
import { FaultEngine, type FaultShapes, type Outcome, type RateSnapshot, type Work } from "./faults/engine.js";
import { handleControl, isControlPath } from "./faults/control.js";

/** Runs an endpoint through the fault layer (latency, hang, error, fail-after-apply). */
export type RunFaulted = (work: Work) => Promise<Outcome>;

/** What one provider plugs into the shared emulator shell. */
export interface ProviderRuntime {
  readonly provider: SandboxProvider;
  readonly shapes: FaultShapes;
  /** Refund state changes, for webhook delivery to subscribe to. */
  readonly events: SandboxEvents;
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
  reset(): void;
}

/** Starts a listener around a provider runtime and returns the public handle. */
export async function startEmulator(
  runtime: ProviderRuntime,
  key: string,
  options: EmulatorOptions = {},
): Promise<EmulatorHandle> {
  const closing = new AbortController();
  const faults = new FaultEngine(options.faults, runtime.shapes, closing.signal);
  let served = 0;

  const handle = {
    provider: runtime.provider,
    url: "",
    key,
    setFaults: (f: FaultConfig) => faults.set(f),
    getFaults: () => faults.get(),
    createPayment: async (amountMinor: number, currency?: string) => runtime.createPayment(amountMinor, currency),
    refunds: () => runtime.ledger(),
    requestCount: () => served,
    reset: () => {
      runtime.reset();
      faults.reset();
      served = 0;
    },
    close: async () => {
      closing.abort();
      await listener.close();
    },
  } satisfies EmulatorHandle;

  const control = {
    provider: runtime.provider,
    getFaults: handle.getFaults,
    setFaults: handle.setFaults,
    reset: handle.reset,
    refunds: handle.refunds,
    createPayment: (amount: number, currency?: string) => runtime.createPayment(amount, currency),
    requestCount: handle.requestCount,
  };

  async function serve(req: SandboxRequest, res: ServerResponse): Promise<void> {
    if (isControlPath(req.path)) {
      writeResult(res, handleControl(req, control));
      return;
    }
    served++;
    const finish = (result: HttpResult) => writeResult(res, runtime.decorate(req, result, faults.rateSnapshot()));
    const limited = faults.gate(req.path);
    if (limited) {
      finish(limited);
      return;
    }
    const run: RunFaulted = (work) => faults.run(req.path, req.method === "POST", work);
    let result: HttpResult | null;
    try {
      result = await runtime.dispatch(req, run);
    } catch {
      result = runtime.shapes.serverError();
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
