import type { Command } from "commander";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { openStore, serverConfigFromEnv, verifyAuditChain, type AuditBreak, type Store } from "@codespar/server";
import { renderTable } from "../output/table.js";
import { countParser } from "./options.js";

const REASONS: Record<AuditBreak, string> = {
  hash_mismatch: "its content no longer matches its hash (edited in place)",
  prev_hash_mismatch: "it does not point at the previous record's hash (the previous record was rewritten)",
  gap: "its sequence number is not the next one (a record was removed or inserted)",
};

/**
 * Reads the store directly, as `keys create` does: verifying must not depend on the server
 * that wrote the records, and works with the server stopped or running (WAL readers don't block).
 */
export function registerAudit(program: Command): void {
  const audit = program.command("audit").description("The hash-chained audit trail of refunds, payments and connection changes");

  audit
    .command("verify")
    .description("Recompute the whole chain; exit 0 if intact, 1 naming the first broken record, 2 if there is no database")
    .option("--data-dir <dir>", "data directory (env CODESPAR_DATA_DIR)")
    .option("--json", "print the result as JSON")
    .action(async (opts: { dataDir?: string; json?: boolean }) => {
      const store = await openExisting(opts.dataDir);
      if (!store) return;
      try {
        const result = await verifyAuditChain(store);
        if (opts.json) console.log(JSON.stringify(result));
        else if (result.ok) console.log(`Audit chain intact: ${result.count} records${result.head_hash ? `, head ${result.head_hash}` : ""}`);
        else console.log(`Audit chain BROKEN at seq ${result.first_broken.seq} (${result.first_broken.reason}): ${REASONS[result.first_broken.reason]}`);
        if (!result.ok) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });

  audit
    .command("list")
    .description("Print audit records in order")
    .option("--data-dir <dir>", "data directory (env CODESPAR_DATA_DIR)")
    .option("--after <seq>", "only records after this sequence number", countParser(Number.MAX_SAFE_INTEGER), 0)
    .option("--limit <n>", "at most this many records", countParser(100_000, 1), 100)
    .option("--json", "print JSON lines")
    .action(async (opts: { dataDir?: string; after: number; limit: number; json?: boolean }) => {
      const store = await openExisting(opts.dataDir);
      if (!store) return;
      try {
        const records = await store.auditLog.list(opts.after, opts.limit);
        if (opts.json) return records.forEach((r) => console.log(JSON.stringify(r)));
        console.log(renderTable(["seq", "at", "project", "actor", "action", "subject"], records.map((r) => [r.seq, r.at, r.project_id ?? "", r.actor, r.action, r.subject])));
      } finally {
        await store.close();
      }
    });
}

// Opening a mistyped directory must not create an empty database that then "verifies".
async function openExisting(dataDir: string | undefined): Promise<Store | undefined> {
  const config = serverConfigFromEnv(process.env, { dataDir });
  if (!config.databaseUrl && !existsSync(join(config.dataDir, "codespar.db"))) {
    console.error(`No CodeSpar database in ${config.dataDir} (pass --data-dir or set CODESPAR_DATA_DIR)`);
    process.exitCode = 2;
    return undefined;
  }
  return openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
}
