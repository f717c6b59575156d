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

/**
 * How new refunds settle. The default (an empty object) is a healthy provider in test
 * mode: every refund succeeds at once and nothing is ever pending.
 */
export interface RefundBehaviour {
  /** 0..1 share of new refunds that start pending (Stripe `pending`, MP `in_process`, Asaas `PENDING`). Default 0. */
  pendingRate?: number;
  /** How long a pending refund waits before it settles on its own, in ms. Default 200. */
  settleAfterMs?: number;
  /** Added uniform random wait in 0..settleJitterMs, so settlements interleave. Default 0. */
  settleJitterMs?: number;
  /** 0..1 share of pending refunds that end failed (Stripe `failed`, MP `rejected`, Asaas `CANCELLED`). Default 0. */
  failRate?: number;
  /** Seed for the PRNG deciding pending, failure and jitter, so runs are reproducible. Default: random. */
  seed?: number;
}

/** How a pending refund ends: the provider's own success or failure status. */
export type SettleOutcome = "succeeded" | "failed";

/** One endpoint an emulator delivers its webhooks to. */
export interface WebhookTarget {
  /** http(s) URL; deliveries go to this URL only (Mercado Pago adds its `data.id` and `type` query). */
  url: string;
  /** Stripe: the `whsec_…` signing secret; Mercado Pago: the app's webhook secret; Asaas: the token echoed in `asaas-access-token`. */
  secret: string;
}

/** Misbehaviour of the delivery channel, for testing receivers that must dedupe, reorder and poll. */
export interface WebhookFaults {
  /** 0..1 probability that an event is delivered twice (same id, same body). Default 0. */
  duplicateRate?: number;
  /** Random extra delay 0..reorderJitterMs before each delivery, so events can arrive out of order. Default 0. */
  reorderJitterMs?: number;
  /** 0..1 probability that an event is never delivered (pollers must catch up). Default 0. */
  dropRate?: number;
  /** Seed for the delivery fault PRNG. Default: random. */
  seed?: number;
}

/** At-least-once delivery: a non-2xx answer, a redirect, a timeout or a connection error is retried. */
export interface WebhookRetry {
  /** Attempts per delivery, the first included. Default 5. */
  maxAttempts?: number;
  /** Wait before the second attempt, in ms; doubled for each further one. Default 100. */
  initialDelayMs?: number;
  /** Cap on the wait between attempts, in ms. Default 5000. */
  maxDelayMs?: number;
  /** Per-attempt timeout, in ms. Default 5000. */
  timeoutMs?: number;
}

/** The webhook configuration of one emulator, as the control API shows it. */
export interface WebhookSettings {
  targets: WebhookTarget[];
  faults: WebhookFaults;
  retry: WebhookRetry;
}

/** One line of an emulator's delivery log: one attempt, or a delivery the faults dropped. */
export interface WebhookDelivery {
  provider: SandboxProvider;
  /** The exact URL posted to. */
  url: string;
  /** Stripe and Asaas `evt_…`; Mercado Pago's numeric notification id, as a string. */
  event_id: string;
  /** refund.created, charge.refunded, payment.updated, PAYMENT_REFUNDED, … */
  type: string;
  /** 1-based attempt number; 0 for a dropped delivery. */
  attempt: number;
  /** HTTP status received, "error" for a connection error or timeout, "dropped" when the dropRate fault swallowed it. */
  status: number | "error" | "dropped";
  /** ISO timestamp of the attempt. */
  at: string;
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
  /** How refunds settle. Default: every refund succeeds at once. */
  refundBehaviour?: RefundBehaviour;
  /** Endpoints that receive the provider's webhooks on every refund state change. Default none. */
  webhooks?: WebhookTarget[];
  /** Delivery faults (duplicates, reordering, drops). Default none. */
  webhookFaults?: WebhookFaults;
  /** Retry policy for deliveries. Default 5 attempts, 100 ms doubling, 5 s cap and timeout. */
  webhookRetry?: WebhookRetry;
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
  /** The refund ledger, each refund with its current status. */
  refunds(): SandboxRefundRecord[];
  requestCount(): number;
  /** Requests answered 429 by the rate limit since the last reset: what pacing must keep at zero. */
  rateLimitedCount(): number;
  /** Forgets payments, refunds, pending settlements, queued deliveries and the delivery log; configuration stays. */
  reset(): void;
  /** Stops settlement timers and deliveries, then the listener. */
  close(): Promise<void>;
  setRefundBehaviour(b: RefundBehaviour): void;
  getRefundBehaviour(): RefundBehaviour;
  /**
   * Settles a pending refund now (its timer, if any, is cancelled) and returns its record.
   * Throws SettleError: "not_found" for an unknown id, "not_pending" for a refund already final.
   */
  settleRefund(refundId: string, outcome: SettleOutcome): SandboxRefundRecord;
  setWebhooks(targets: WebhookTarget[]): void;
  getWebhooks(): WebhookTarget[];
  setWebhookFaults(f: WebhookFaults): void;
  getWebhookFaults(): WebhookFaults;
  setWebhookRetry(r: WebhookRetry): void;
  getWebhookRetry(): WebhookRetry;
  /** The delivery log, oldest first (the most recent 10,000 lines). */
  deliveries(): WebhookDelivery[];
  /** Resolves once no delivery is waiting, in flight or scheduled for a retry. */
  webhooksIdle(): Promise<void>;
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
