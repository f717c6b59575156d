import type { ProviderId } from "@codespar/providers";

/**
 * Names in Redis. One queue per provider connection, so BullMQ's limiter for that queue is the
 * connection's rate across every worker; one more, without a limiter, for items no connection
 * could be found for, which fail fast with their normal error when run.
 */
const QUEUE_PREFIX = "codespar-batch-";
export const UNROUTED_QUEUE = `${QUEUE_PREFIX}unrouted`;

export function queueNameFor(server: ProviderId, connectionId: string): string {
  return `${QUEUE_PREFIX}${server}-${connectionId}`;
}

/** The connection a queue name stands for; undefined for the unrouted queue or a foreign name. */
export function parseQueueName(name: string): { server: ProviderId; connectionId: string } | undefined {
  const m = /^codespar-batch-(stripe|asaas|mercadopago)-(.+)$/.exec(name);
  return m ? { server: m[1] as ProviderId, connectionId: m[2] as string } : undefined;
}

/** The set of queue names enqueuers have used, under the deployment's key prefix: how workers find queues. */
export function registryKey(prefix: string): string {
  return `${prefix}:codespar:queues`;
}

/** Channel on which an enqueuer announces a queue it registered for the first time, so workers attach at once. */
export function registryChannel(prefix: string): string {
  return `${prefix}:codespar:queues:added`;
}

/**
 * A job id per item id, so enqueueing an item already waiting or running is a no-op. BullMQ
 * refuses ':' in custom ids (it separates its keys); escaping keeps the mapping one-to-one.
 */
export function jobIdFor(itemId: string): string {
  return itemId.replace(/[%:]/g, (c) => (c === "%" ? "%25" : "%3A"));
}
