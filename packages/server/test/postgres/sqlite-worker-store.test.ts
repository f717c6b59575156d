import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStore } from "@codespar/server";
import { workerStoreContract } from "./worker-store-contract.js";

// The same contract on the embedded store: the leases live in both, and a second handle on one
// file is what a CLI next to the server is.
workerStoreContract("SQLite (file, WAL)", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "codespar-worker-store-")), "codespar.db");
  return { store: createSqliteStore(file), openSecond: async () => createSqliteStore(file) };
});
