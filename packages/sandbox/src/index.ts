export type {
  EmulatorHandle,
  EmulatorOptions,
  FaultConfig,
  RefundBehaviour,
  Sandbox,
  SandboxOptions,
  SandboxProvider,
  SandboxRefundRecord,
  SeededPayment,
  SettleOutcome,
  WebhookDelivery,
  WebhookFaults,
  WebhookRetry,
  WebhookSettings,
  WebhookTarget,
} from "./types.js";
export { startStripeEmulator } from "./stripe/index.js";
export { startAsaasEmulator } from "./asaas/index.js";
export { startMercadoPagoEmulator, type MercadoPagoEmulatorOptions } from "./mercadopago/index.js";
export type { MpCause } from "./mercadopago/errors.js";
export { startSandbox } from "./sandbox.js";
export { generateKey } from "./keys.js";
export { SettleError, type SettleFailure } from "./settlement/errors.js";
export { ConfigError } from "./config/checks.js";
export { STRIPE_EVENT_API_VERSION } from "./stripe/webhooks.js";
export { seededRandom, type Random } from "./faults/prng.js";
