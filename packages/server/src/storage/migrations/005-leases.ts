import type { Migration } from "./migration.js";

/**
 * Leases for workers on several machines. A refund row's lease says which process may call the
 * provider for it right now (the in-process key lock cannot see another machine); a batch item's
 * lease says which worker runs it, so an item left running by a dead worker can be taken over
 * once its lease ends. Both hold ISO times, compared as text like every other timestamp here.
 */
export const leasesMigration: Migration = {
  version: 5,
  name: "leases",
  statements: [
    `ALTER TABLE refund_attempts ADD COLUMN lease_owner TEXT`,
    `ALTER TABLE refund_attempts ADD COLUMN lease_until TEXT`,
    `ALTER TABLE batch_items ADD COLUMN lease_owner TEXT`,
    `ALTER TABLE batch_items ADD COLUMN lease_until TEXT`,
  ],
};
