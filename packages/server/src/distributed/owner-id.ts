import { hostname } from "node:os";
import { randomBase62 } from "../ids.js";
import type { RefundLeaseOptions } from "./refund-lease.js";

/**
 * Names this process in leases: host and pid for whoever reads the rows, plus randomness
 * because a restarted process can reuse a pid and must not inherit its predecessor's leases.
 */
export function newOwnerId(): string {
  return `${hostname()}/${process.pid}/${randomBase62(8)}`;
}

/**
 * The refund lease this process takes, when it needs one: with REDIS_URL several API and worker
 * processes share the database and the same refund can reach two of them. Without it one
 * process owns the data and its key lock is enough, so the embedded default is unchanged.
 *
 * It lasts half a batch item's lease. Both are renewed every third of their length, so a dead
 * worker's item lease outlives its refund leases by at least a sixth: when another worker may
 * take the item over, the refund is already free, and its requests go out as soon as the queue's
 * limiter starts the item instead of piling up behind the old leases and leaving together.
 */
export function refundLeaseFor(config: { redisUrl?: string | undefined; leaseTtlMs: number }): RefundLeaseOptions | undefined {
  return config.redisUrl ? { owner: newOwnerId(), ttlMs: Math.max(500, Math.floor(config.leaseTtlMs / 2)) } : undefined;
}
