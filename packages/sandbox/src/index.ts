export type {
  EmulatorHandle,
  EmulatorOptions,
  FaultConfig,
  Sandbox,
  SandboxOptions,
  SandboxProvider,
  SandboxRefundRecord,
  SeededPayment,
} from "./types.js";
export { startStripeEmulator } from "./stripe/index.js";
export { startAsaasEmulator } from "./asaas/index.js";
export { startMercadoPagoEmulator, type MercadoPagoEmulatorOptions } from "./mercadopago/index.js";
export type { MpCause } from "./mercadopago/errors.js";
export { startSandbox } from "./sandbox.js";
export { generateKey } from "./keys.js";
