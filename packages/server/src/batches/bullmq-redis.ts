import { Redis } from "ioredis";

/**
 * The Redis connection BullMQ needs: commands wait through a reconnect instead of failing after
 * a few retries (maxRetriesPerRequest: null, which BullMQ workers require), because a Redis blip
 * must delay batch items, not fail them. Queues share this one; each BullMQ worker duplicates it
 * for its blocking reads.
 */
export function connectRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}
