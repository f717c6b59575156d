import type { WebhookRetry } from "../types.js";

export const DEFAULT_RETRY: Required<WebhookRetry> = { maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 5000, timeoutMs: 5000 };

/** What one attempt got back: an HTTP status, or "error" when no answer came. */
export type AttemptStatus = number | "error";

/** Only a 2xx acknowledges a webhook, as with the real providers; redirects are not followed. */
export function isDelivered(status: AttemptStatus): boolean {
  return typeof status === "number" && status >= 200 && status < 300;
}

/** Whether attempt number `attempt` (1-based) that got `status` is followed by another. */
export function shouldRetry(status: AttemptStatus, attempt: number, retry: WebhookRetry = {}): boolean {
  return !isDelivered(status) && attempt < (retry.maxAttempts ?? DEFAULT_RETRY.maxAttempts);
}

/** Wait after failed attempt `attempt` (1-based): initialDelayMs doubled each time, capped. */
export function retryDelay(attempt: number, retry: WebhookRetry = {}): number {
  const initial = retry.initialDelayMs ?? DEFAULT_RETRY.initialDelayMs;
  const cap = retry.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  return Math.min(cap, initial * 2 ** Math.max(0, attempt - 1));
}
