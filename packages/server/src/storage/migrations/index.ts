import type { Migration } from "./migration.js";
import { coreMigration } from "./001-core.js";
import { settlementMigration } from "./002-settlement.js";
import { billingAuditMigration } from "./003-billing-audit.js";
import { batchesMigration } from "./004-batches.js";
import { leasesMigration } from "./005-leases.js";
import { announcedStateMigration } from "./006-announced-state.js";

export type { Migration } from "./migration.js";

export const MIGRATIONS: Migration[] = [coreMigration, settlementMigration, billingAuditMigration, batchesMigration, leasesMigration, announcedStateMigration];
