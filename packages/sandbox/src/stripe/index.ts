import { startEmulator } from "../emulator.js";
import { generateKey } from "../keys.js";
import type { EmulatorHandle, EmulatorOptions } from "../types.js";
import { StripeRuntime } from "./runtime.js";

/** Stripe's API at the listener root, so `new Stripe(key, { host, port, protocol: "http" })` just works. */
export function startStripeEmulator(o: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const key = o.apiKey ?? generateKey("stripe");
  return startEmulator((deps) => new StripeRuntime(key, deps), key, o);
}
