import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStore } from "@codespar/server";
import { billingAuditContract } from "./billing-audit-contract.js";

billingAuditContract("SQLite (file, WAL)", async () => createSqliteStore(join(mkdtempSync(join(tmpdir(), "codespar-billing-")), "codespar.db")));
