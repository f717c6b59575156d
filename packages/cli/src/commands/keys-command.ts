import type { Command } from "commander";
import { createApiKey, openStore, serverConfigFromEnv } from "@codespar/server";

export function registerKeys(program: Command): void {
  const keys = program.command("keys").description("Manage API keys");
  keys
    .command("create")
    .description("Create a project if needed and a new API key for it; the key is printed once")
    .requiredOption("--project <name>", "project name")
    .option("--mode <mode>", "test or live", "test")
    .option("--data-dir <dir>", "data directory (env CODESPAR_DATA_DIR)")
    .option("--json", "print JSON")
    .action(async (opts: { project: string; mode: string; dataDir?: string; json?: boolean }) => {
      if (opts.mode !== "test" && opts.mode !== "live") throw new Error(`--mode must be test or live, got "${opts.mode}"`);
      const config = serverConfigFromEnv(process.env, { dataDir: opts.dataDir });
      const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
      try {
        const k = await createApiKey(store, opts.project, opts.mode, config.homeCurrency);
        if (opts.json) console.log(JSON.stringify({ project_id: k.project.id, project: k.project.name, key_id: k.keyId, mode: k.mode, api_key: k.apiKey }));
        else console.log(`Project ${k.project.name} (${k.project.id})\n${k.mode} key (shown once, store it now):\n${k.apiKey}`);
      } finally {
        await store.close();
      }
    });
}
