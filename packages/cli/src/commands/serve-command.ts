import type { Command } from "commander";
import { serverConfigFromEnv, startServer } from "@codespar/server";
import { untilSignal } from "../output/signals.js";
import { countParser, parsePort } from "./options.js";
import { batchModeLine } from "./worker-command.js";

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("Run the CodeSpar API server (embedded SQLite in --data-dir unless DATABASE_URL is set)")
    .option("--port <port>", "port to listen on", parsePort, 7420)
    .option("--host <host>", "interface to bind", "127.0.0.1")
    .option("--data-dir <dir>", "data directory (env CODESPAR_DATA_DIR)")
    .option("--with-worker", "with REDIS_URL set: also run batch items in this process, as `codespar worker` does")
    .option("--concurrency <n>", "with --with-worker: batch items run at once per provider connection", countParser(10_000, 1))
    .action(async (opts: { port: number; host: string; dataDir?: string; withWorker?: boolean; concurrency?: number }) => {
      // With REDIS_URL the API only enqueues: batch items belong to `codespar worker` processes
      // unless this one is asked to be a worker too. Without it, the embedded default runs them here.
      const env = serverConfigFromEnv(process.env, { dataDir: opts.dataDir });
      const config = env.redisUrl ? { ...env, runBatches: opts.withWorker === true, workerConcurrency: opts.concurrency ?? env.workerConcurrency } : env;
      const server = await startServer(config, { host: opts.host, port: opts.port });
      console.log(`CodeSpar listening on ${server.url} (store: ${server.services.store.kind}, ${batchModeLine(config)})`);
      const sig = await untilSignal();
      console.log(`${sig}: shutting down`);
      await server.close();
    });
}
