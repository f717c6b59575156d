/** The three providers the sandbox emulates. */
export type SandboxProvider = "stripe" | "asaas" | "mercadopago";

/**
 * Faults an emulator injects between the client and its provider logic.
 * Every field is optional; an empty object means "behave like a healthy provider".
 */
export interface FaultConfig {
  /** Fixed added latency per request, in ms. Default 0. */
  latencyMs?: number;
  /** Added uniform random latency in 0..jitterMs. Default 0. */
  jitterMs?: number;
  /** 0..1 probability of a 500 in the provider's own 5xx shape, before anything is applied. Default 0. */
  errorRate?: number;
  /** When set, requests beyond this many per rolling second get the provider's 429 (with Retry-After). */
  rateLimitPerSecond?: number;
  /** 0..1 probability that a request is never answered (the socket stays open until the client gives up). Default 0. */
  hangRate?: number;
  /** 0..1 probability that a mutating POST is applied and then answered with a 500 (or never answered). Default 0. */
  failAfterApplyRate?: number;
  /** What a fail-after-apply looks like to the client. Default "500". */
  failAfterApplyMode?: "500" | "hang";
  /** Regex source: faults apply only to request paths matching it. Default: every path. */
  match?: string;
  /** Seed for the fault PRNG so fault sequences are reproducible. Default: random. */
  seed?: number;
}

export interface EmulatorOptions {
  /** Port to listen on; 0 picks any free port. Default 0. */
  port?: number;
  /** Interface to bind. Default "127.0.0.1". */
  host?: string;
  /** Faults active from the start. Default none. */
  faults?: FaultConfig;
  /** The only credential accepted. Default: generated in the provider's own form. */
  apiKey?: string;
}

/** One refund as the emulator's own ledger remembers it (amount in minor units). */
export interface SandboxRefundRecord {
  provider: SandboxProvider;
  refund_id: string;
  payment_id: string;
  amount: number;
  currency: string;
  status: string;
  idempotency_key?: string;
  created_at: string;
}

/** A payment created directly in an emulator's state, ready to be refunded. */
export interface SeededPayment {
  server: SandboxProvider;
  payment_id: string;
  amount: number;
  currency: string;
}

export interface EmulatorHandle {
  provider: SandboxProvider;
  /** Listener root, e.g. http://127.0.0.1:43123 (Asaas clients append /v3 themselves). */
  url: string;
  /** The credential this emulator accepts: sk_test_…, $aact_…, TEST-… */
  key: string;
  setFaults(f: FaultConfig): void;
  getFaults(): FaultConfig;
  createPayment(amountMinor: number, currency?: string): Promise<SeededPayment>;
  refunds(): SandboxRefundRecord[];
  requestCount(): number;
  reset(): void;
  close(): Promise<void>;
}

export interface SandboxOptions {
  host?: string;
  stripe?: EmulatorOptions;
  asaas?: EmulatorOptions;
  mercadopago?: EmulatorOptions;
}

export interface Sandbox {
  stripe: EmulatorHandle;
  asaas: EmulatorHandle;
  mercadopago: EmulatorHandle;
  /** Creates n payments spread round-robin over stripe, asaas and mercadopago. */
  seed(n: number, amountMinor?: number): Promise<SeededPayment[]>;
  close(): Promise<void>;
}
