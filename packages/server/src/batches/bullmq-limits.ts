import { DEFAULT_RATE_LIMITS, REQUESTS_PER_FIRST_REFUND, type ProviderId } from "@codespar/providers";
import type { ConnectionRecord } from "../storage/index.js";

/**
 * Share of the connection's rate the queue lets items start at. The limiter only keeps workers
 * from taking far more items than the connection can serve (they would sit holding leases); the
 * rate the provider sees is held by the shared pacer every request passes, including retries
 * and read-backs the limiter never sees. So the limiter runs a little over the rate and the
 * pacer, a little under it, sets the pace.
 */
export const RATE_HEADROOM = 1.05;

/** BullMQ's limiter: at most `max` jobs start per `duration` ms, across every worker of the queue. */
export interface QueueLimiter {
  max: number;
  duration: number;
}

/** The connection's requests per second: its own setting, else the provider's documented default. */
export function connectionRate(connection: Pick<ConnectionRecord, "server" | "mode" | "rate_limit_per_s">): number {
  const defaults = DEFAULT_RATE_LIMITS[connection.server as ProviderId];
  return connection.rate_limit_per_s ?? (connection.mode === "live" ? defaults.live : defaults.test);
}

/**
 * The limiter for one connection's queue. BullMQ counts starts in fixed windows, so `max` per
 * 1000 ms would let a full window's worth start at the end of one window and again at the start
 * of the next: twice the rate inside one second, which a provider's rolling window refuses.
 * Windows of about 10 ms (a single start each at modest rates) spread the starts evenly instead.
 */
export function limiterFor(server: ProviderId, requestsPerSecond: number): QueueLimiter {
  const itemsPerSecond = Math.max(0.1, (requestsPerSecond * RATE_HEADROOM) / REQUESTS_PER_FIRST_REFUND[server]);
  const max = Math.max(1, Math.ceil(itemsPerSecond / 100));
  return { max, duration: Math.max(1, Math.round((1000 * max) / itemsPerSecond)) };
}
