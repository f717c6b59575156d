import type { CodesparError } from "@codespar/protocol";

/**
 * The one contract every payment provider adapter implements. Amounts crossing it are always
 * integer minor units; each adapter converts to its provider's units at its own boundary.
 */
export type ProviderId = "stripe" | "asaas" | "mercadopago";
export const PROVIDER_IDS: readonly ProviderId[] = ["stripe", "asaas", "mercadopago"];

export type Capability = "refund" | "status" | "pay";

export interface ProviderConnectionConfig {
  /** Provider base URL without trailing slash, e.g. https://api.stripe.com or http://127.0.0.1:4101 */
  baseUrl: string;
  /** The provider credential in its own form: sk_test_…, $aact_…, TEST-… */
  apiKey: string;
  mode: "test" | "live";
  /** Per-attempt timeout; after the request is sent, expiry makes the outcome unknown. Default 20 s. */
  timeoutMs?: number;
  /** Called with every rate-limit signal the provider sends (headers, 429s), for pacing. */
  onRateLimitSignal?: (signal: RateLimitSignal) => void;
  /**
   * Awaited before every HTTP request the adapter sends: the connection's pacer. Providers
   * count requests, not operations, and one refund can be a read and a write. Whatever it
   * throws is thrown before anything is sent.
   */
  awaitTurn?: () => Promise<void>;
}

export interface RateLimitSignal {
  /** Milliseconds the provider asked us to wait (Retry-After, RateLimit-Reset), if any. */
  retryAfterMs?: number;
  limit?: number;
  remaining?: number;
  /** Milliseconds until the provider's window resets (RateLimit-Reset), even when budget remains. */
  resetMs?: number;
  /** True when the signal came from a 429 answer. */
  limited: boolean;
}

export interface RefundInput {
  paymentId: string;
  /** Minor units; absent = everything still refundable. */
  amount?: number;
  reason?: string;
  /** Made once per logical refund, stored before the first attempt, reused on every retry. */
  idempotencyKey: string;
  /**
   * The key for the provider's idempotency header on this attempt; default `idempotencyKey`.
   * It differs only after a provider burned the previous one (Stripe replaying a stored 5xx
   * for 24 h): the refund keeps `idempotencyKey` in its metadata so read-back still finds it.
   */
  attemptKey?: string;
  /**
   * True only when no attempt under this idempotency key was ever sent (the ledger row was
   * just created and this is its first try). A provider without idempotency (Asaas) may then
   * skip its read-before-refund; on every retry or re-run it must read first.
   */
  firstAttempt?: boolean;
  metadata?: Record<string, string>;
}

export type RefundState = "succeeded" | "pending" | "failed" | "canceled";

export interface RefundOutcome {
  refundId: string;
  paymentId: string;
  /** Minor units actually refunded by this refund. */
  amount: number;
  currency: string;
  state: RefundState;
  /** True when the provider (or our read-back) showed this refund already existed for the key. */
  replayed: boolean;
  /** The provider's own status word, kept verbatim. */
  providerStatus: string;
  raw: unknown;
}

export type PaymentState = "pending" | "paid" | "partially_refunded" | "refunded" | "failed" | "canceled" | "other";

export interface ProviderRefund {
  refundId: string;
  amount: number;
  state: RefundState;
  providerStatus: string;
  createdAt: string;
  /** Our idempotency key when the provider kept it (Stripe metadata, Asaas description tag). */
  idempotencyKey?: string;
}

export interface PaymentSnapshot {
  paymentId: string;
  amount: number;
  currency: string;
  /** Sum of refunds that are not failed or cancelled, minor units. */
  amountRefunded: number;
  state: PaymentState;
  providerStatus: string;
  refunds: ProviderRefund[];
  raw: unknown;
}

export interface CreatePaymentInput {
  amount: number;
  currency: string;
  description?: string;
  idempotencyKey: string;
  customer?: { name?: string; email?: string; document?: string };
}

/**
 * How a failure may be handled: `retryable` (nothing was applied: 5xx before apply, 429,
 * connection refused), `fatal` (the provider decided: not found, over-refund, auth), or
 * `unknown` (sent, then no trustworthy answer: resolve by replay or read-back, never resend blindly).
 */
export type FailureClass = "retryable" | "fatal" | "unknown";

export interface ProviderFailureDetails {
  provider: ProviderId;
  http_status?: number;
  provider_code?: string;
  provider_message?: string;
  provider_request_id?: string;
  retry_after_ms?: number;
  [key: string]: unknown;
}

export interface ProviderFailure extends CodesparError {
  readonly failureClass: FailureClass;
  readonly details: ProviderFailureDetails;
}

export interface PaymentProvider {
  readonly id: ProviderId;
  readonly capabilities: readonly Capability[];
  /** Does this id have this provider's shape (Stripe pi_/ch_, Asaas pay_, Mercado Pago numeric)? */
  matchesPaymentId(paymentId: string): boolean;
  refund(input: RefundInput): Promise<RefundOutcome>;
  getPayment(paymentId: string): Promise<PaymentSnapshot>;
  createPayment(input: CreatePaymentInput): Promise<PaymentSnapshot>;
  /** A cheap authenticated call; throws a ProviderFailure (provider_auth_failed, provider_unavailable). */
  verifyConnection(): Promise<void>;
}
