import type { ProviderFailureDetails, ProviderId } from "../contract.js";
import type { HeaderMap } from "../http/headers.js";
import { parseRetryAfterMs } from "../http/rate-limit.js";
import { header } from "../http/headers.js";
import { ProviderError } from "./provider-error.js";

/**
 * Where a call stopped. `response`: the provider answered with a status. `not_sent`: the
 * connection never opened (refused, DNS), so nothing reached the provider. `timeout`: our clock
 * ran out; with fetch we cannot tell whether bytes left, so a mutating call's outcome is unknown.
 * `lost`: the connection broke after the request went out (reset, unreadable answer).
 */
export type FailurePhase = "response" | "not_sent" | "timeout" | "lost";

/** Everything an error-mapping function may look at; built by the adapter, no I/O inside. */
export interface WireFailure {
  phase: FailurePhase;
  /** True for calls that may change state at the provider (POST refund, POST payment). */
  mutating: boolean;
  status?: number;
  /** The parsed JSON body, the raw text when it was not JSON, undefined when empty. */
  body?: unknown;
  headers?: HeaderMap;
  /** The socket-level code when there was no answer: ECONNREFUSED, ECONNRESET, ETIMEDOUT… */
  transportCode?: string;
}

export interface ProviderWords {
  code?: string | undefined;
  message?: string | undefined;
  requestId?: string | undefined;
}

export function detailsFor(provider: ProviderId, f: WireFailure, words: ProviderWords = {}): ProviderFailureDetails {
  const details: ProviderFailureDetails = { provider };
  if (f.status !== undefined) details.http_status = f.status;
  if (words.code !== undefined) details.provider_code = words.code;
  if (words.message !== undefined) details.provider_message = words.message;
  if (words.requestId !== undefined) details.provider_request_id = words.requestId;
  const retryAfter = parseRetryAfterMs(header(f.headers, "retry-after"));
  if (retryAfter !== undefined) details.retry_after_ms = retryAfter;
  if (f.transportCode !== undefined) details.transport_code = f.transportCode;
  return details;
}

const NAMES: Record<ProviderId, string> = { stripe: "Stripe", asaas: "Asaas", mercadopago: "Mercado Pago" };

export function providerName(provider: ProviderId): string {
  return NAMES[provider];
}

/** No HTTP answer: the rule is the same for every provider. */
export function transportFailure(provider: ProviderId, f: WireFailure, words: ProviderWords = {}): ProviderError {
  const name = providerName(provider);
  const details = detailsFor(provider, f, words);
  if (f.phase === "not_sent") {
    return new ProviderError("provider_unavailable", `Could not connect to ${name}; nothing was sent.`, "retryable", details);
  }
  if (f.mutating) {
    return new ProviderError(
      "outcome_unknown",
      `${name} did not answer after the request was sent; it may have been applied. Resolve by replay or read-back.`,
      "unknown",
      details,
    );
  }
  if (f.phase === "timeout") {
    return new ProviderError("provider_timeout", `${name} did not answer in time.`, "retryable", details);
  }
  return new ProviderError("provider_unavailable", `The connection to ${name} broke before an answer.`, "retryable", details);
}

export function rateLimitedFailure(provider: ProviderId, f: WireFailure, words: ProviderWords = {}): ProviderError {
  return new ProviderError("provider_rate_limited", `${providerName(provider)} rate-limited the call.`, "retryable", detailsFor(provider, f, words));
}

/** A 5xx: nothing applied on a read; on a write the provider may have applied it before failing. */
export function serverFailure(provider: ProviderId, f: WireFailure, words: ProviderWords = {}): ProviderError {
  const name = providerName(provider);
  const details = detailsFor(provider, f, words);
  if (f.mutating) {
    return new ProviderError(
      "outcome_unknown",
      `${name} failed (HTTP ${f.status ?? "?"}) after receiving the request; it may have been applied. Resolve by replay or read-back.`,
      "unknown",
      details,
    );
  }
  return new ProviderError("provider_unavailable", `${name} failed (HTTP ${f.status ?? "?"}).`, "retryable", details);
}

export function authFailure(provider: ProviderId, f: WireFailure, words: ProviderWords = {}): ProviderError {
  return new ProviderError(
    "provider_auth_failed",
    `${providerName(provider)} refused the connection's credentials (HTTP ${f.status ?? "?"}).`,
    "fatal",
    detailsFor(provider, f, words),
  );
}

export function fatal(provider: ProviderId, f: WireFailure, code: ProviderError["code"], message: string, words: ProviderWords = {}): ProviderError {
  return new ProviderError(code, message, "fatal", detailsFor(provider, f, words));
}
