import type { Command } from "commander";
import { startDevEnvironment } from "../dev/dev-environment.js";
import { writeFileAtomic } from "../output/atomic-write.js";
import { untilSignal } from "../output/signals.js";
import { countParser, parsePort } from "./options.js";

export function registerDev(program: Command): void {
  program
    .command("dev")
    .description("Server plus the three provider sandboxes in one process, with a test project and key")
    .option("--port <port>", "API port (0 = any free port)", parsePort, 7420)
    .option("--data-dir <dir>", "keep state here (default: a temporary directory removed on exit)")
    .option("--seed <n>", "create N refundable payments spread over the three providers", countParser(100_000), 0)
    .option("--state-file <path>", "write { baseUrl, apiKey, sandbox, payments } here once ready")
    .action(async (opts: { port: number; dataDir?: string; seed: number; stateFile?: string }) => {
      const env = await startDevEnvironment({
        port: opts.port,
        seed: opts.seed,
        ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {}),
      });
      const state = {
        baseUrl: env.baseUrl,
        apiKey: env.apiKey,
        sandbox: Object.fromEntries((["stripe", "asaas", "mercadopago"] as const).map((p) => [p, { url: env.sandbox[p].url, key: env.sandbox[p].key }])),
        payments: env.payments,
      };
      if (opts.stateFile) writeFileAtomic(opts.stateFile, JSON.stringify(state, null, 2) + "\n");
      console.log(`CodeSpar dev server: ${env.baseUrl}`);
      console.log(`API key (test):      ${env.apiKey}`);
      for (const p of ["stripe", "asaas", "mercadopago"] as const) console.log(`sandbox ${p.padEnd(12)} ${env.sandbox[p].url}`);
      if (env.payments.length) console.log(`seeded ${env.payments.length} refundable payments`);
      console.log(`\nexport CODESPAR_BASE_URL=${env.baseUrl} CODESPAR_API_KEY=${env.apiKey}\nCtrl-C to stop.`);
      await untilSignal();
      await env.close();
    });
}
