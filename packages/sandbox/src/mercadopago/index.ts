import { startEmulator } from "../emulator.js";
import { generateKey } from "../keys.js";
import type { EmulatorHandle, EmulatorOptions } from "../types.js";
import { DEFAULT_OVER_REFUND_CAUSE, type MpCause } from "./errors.js";
import { MercadoPagoRuntime } from "./runtime.js";

export interface MercadoPagoEmulatorOptions extends EmulatorOptions {
  /**
   * The cause reported for a refund above what is left, which Mercado Pago does not
   * document. Default { code: 2085, description: "Invalid value for gateway_operation" }.
   */
  overRefundCause?: MpCause;
}

/** Mercado Pago's API at the listener root; point the SDK's AppConfig.BASE_URL at handle.url. */
export function startMercadoPagoEmulator(o: MercadoPagoEmulatorOptions = {}): Promise<EmulatorHandle> {
  const key = o.apiKey ?? generateKey("mercadopago");
  const cause = o.overRefundCause ?? DEFAULT_OVER_REFUND_CAUSE;
  return startEmulator((deps) => new MercadoPagoRuntime(key, deps, cause), key, o);
}
