import type { Migration } from "./migration.js";
import { coreMigration } from "./001-core.js";

export type { Migration } from "./migration.js";

export const MIGRATIONS: Migration[] = [coreMigration];
