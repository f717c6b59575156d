import { startAsaasEmulator } from "./asaas/index.js";
import { startMercadoPagoEmulator } from "./mercadopago/index.js";
import { startStripeEmulator } from "./stripe/index.js";
import type { EmulatorHandle, EmulatorOptions, Sandbox, SandboxOptions, SeededPayment } from "./types.js";

/** Amount seed() uses when none is given: 50.00 in the provider's currency. */
const DEFAULT_SEED_AMOUNT = 5000;

/** All three emulators, each on its own listener. */
export async function startSandbox(o: SandboxOptions = {}): Promise<Sandbox> {
  const withHost = (e: EmulatorOptions | undefined): EmulatorOptions => ({ ...(o.host ? { host: o.host } : {}), ...e });
  const started = await Promise.allSettled([
    startStripeEmulator(withHost(o.stripe)),
    startAsaasEmulator(withHost(o.asaas)),
    startMercadoPagoEmulator(withHost(o.mercadopago)),
  ]);
  const handles = started.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failure = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failure) {
    // Do not leak the listeners that did start.
    await Promise.all(handles.map((h) => h.close()));
    throw failure.reason;
  }
  const [stripe, asaas, mercadopago] = handles as [EmulatorHandle, EmulatorHandle, EmulatorHandle];
  const order = [stripe, asaas, mercadopago];

  return {
    stripe,
    asaas,
    mercadopago,
    async seed(n: number, amountMinor = DEFAULT_SEED_AMOUNT): Promise<SeededPayment[]> {
      if (!Number.isInteger(n) || n < 0) throw new RangeError("seed(n) needs a non-negative integer");
      const out: SeededPayment[] = [];
      for (let i = 0; i < n; i++) out.push(await (order[i % order.length] as EmulatorHandle).createPayment(amountMinor));
      return out;
    },
    async close(): Promise<void> {
      await Promise.all(order.map((h) => h.close()));
    },
  };
}
