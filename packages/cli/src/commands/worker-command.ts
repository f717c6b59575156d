import type { Command } from "commander";
import { serverConfigFromEnv, startWorker, type ServerConfig } from "@codespar/server";
import { untilSignal } from "../output/signals.js";
import { countParser } from "./options.js";

/** How this process treats batch items, for the startup line of `serve` and `worker`. */
export function batchModeLine(config: ServerConfig): string {
  if (!config.redisUrl) return config.databaseUrl ? "batches: in this process" : `data dir: ${config.dataDir}, batches: in this process`;
  return config.runBatches
    ? `batches: BullMQ worker, ${config.workerConcurrency} at once per provider connection`
    : "batches: API only, run by `codespar worker` processes";
}

export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description("Run batch items from BullMQ (needs DATABASE_URL=postgres://…, REDIS_URL and CODESPAR_MASTER_KEY, as the API processes have)")
    .option("--concurrency <n>", "batch items run at once per provider connection (env CODESPAR_WORKER_CONCURRENCY)", countParser(10_000, 1))
    .action(async (opts: { concurrency?: number }) => {
      const env = serverConfigFromEnv(process.env);
      const config: ServerConfig = { ...env, runBatches: true, workerConcurrency: opts.concurrency ?? env.workerConcurrency };
      const worker = await startWorker(config);
      console.log(`CodeSpar worker running (store: ${worker.services.store.kind}, ${batchModeLine(config)}); SIGTERM or SIGINT finishes the items in flight and stops`);
      const sig = await untilSignal();
      // A second signal while draining gets Node's default: exit now. The items in flight are
      // then returned by BullMQ's stalled-job check and taken over once their leases end.
      console.log(`${sig}: finishing the batch items in flight, then stopping`);
      await worker.close();
      console.log("worker stopped");
    });
}
