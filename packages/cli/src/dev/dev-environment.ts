import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApiKey, defaultServerConfig, startServer, type RunningServer, type ServerConfig } from "@codespar/server";
import { startSandbox, type Sandbox, type SandboxOptions, type SeededPayment } from "@codespar/sandbox";

export interface DevEnvironmentOptions {
  port?: number;
  /** Keep state here; default a temporary directory removed on close. */
  dataDir?: string;
  /** Refundable payments to create, spread over the three providers. */
  seed?: number;
  sandbox?: SandboxOptions;
  server?: Partial<ServerConfig>;
  projectName?: string;
}

export interface DevEnvironment {
  server: RunningServer;
  sandbox: Sandbox;
  baseUrl: string;
  apiKey: string;
  payments: SeededPayment[];
  dataDir: string;
  close(): Promise<void>;
}

const PROVIDERS = ["stripe", "asaas", "mercadopago"] as const;

/**
 * The server on the embedded store plus the three emulators in one process, a test project,
 * a csk_test_ key, and test connections pointing at the emulators: `dev`, `demo` and the
 * end-to-end tests all start from here.
 */
export async function startDevEnvironment(opts: DevEnvironmentOptions = {}): Promise<DevEnvironment> {
  const ownsDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), "codespar-dev-"));
  const sandbox = await startSandbox(opts.sandbox ?? {});
  let server: RunningServer | undefined;
  try {
    const config = defaultServerConfig({ dataDir, logLevel: "warn", ...opts.server });
    server = await startServer(config, { port: opts.port ?? 0 });
    const key = await createApiKey(server.services.store, opts.projectName ?? "dev", "test", config.homeCurrency);
    for (const p of PROVIDERS) {
      await server.services.connections.add(key.project.id, "test", { server: p, mode: "test", base_url: sandbox[p].url, api_key: sandbox[p].key }, "codespar dev");
    }
    const payments = opts.seed ? await sandbox.seed(opts.seed) : [];
    const running = server;
    return {
      server: running,
      sandbox,
      baseUrl: running.url,
      apiKey: key.apiKey,
      payments,
      dataDir,
      async close() {
        await running.close();
        await sandbox.close();
        if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await server?.close();
    await sandbox.close();
    if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}
