import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStore } from "@codespar/server";
import { storeContract } from "./store-contract.js";

storeContract("SQLite (file, WAL)", async () => createSqliteStore(join(mkdtempSync(join(tmpdir(), "codespar-store-")), "codespar.db")));
