import { startEmulator } from "../emulator.js";
import { generateKey } from "../keys.js";
import type { EmulatorHandle, EmulatorOptions } from "../types.js";
import { AsaasRuntime } from "./runtime.js";

/** Asaas's API under /v3 of the listener; the handle's url has no /v3, clients append it. */
export function startAsaasEmulator(o: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const key = o.apiKey ?? generateKey("asaas");
  return startEmulator((deps) => new AsaasRuntime(key, deps), key, o);
}
