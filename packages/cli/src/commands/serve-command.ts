import type { Command } from "commander";
import { serverConfigFromEnv, startServer } from "@codespar/server";
import { untilSignal } from "../output/signals.js";
import { parsePort } from "./options.js";

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("Run the CodeSpar API server (embedded SQLite in --data-dir unless DATABASE_URL is set)")
    .option("--port <port>", "port to listen on", parsePort, 7420)
    .option("--host <host>", "interface to bind", "127.0.0.1")
    .option("--data-dir <dir>", "data directory (env CODESPAR_DATA_DIR)")
    .action(async (opts: { port: number; host: string; dataDir?: string }) => {
      const config = serverConfigFromEnv(process.env, { dataDir: opts.dataDir });
      const server = await startServer(config, { host: opts.host, port: opts.port });
      console.log(`CodeSpar listening on ${server.url} (store: ${server.services.store.kind}, data dir: ${config.dataDir})`);
      const sig = await untilSignal();
      console.log(`${sig}: shutting down`);
      await server.close();
    });
}
