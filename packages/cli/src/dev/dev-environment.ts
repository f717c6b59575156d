import { randomBytes } from "node:crypto";
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
  /**
   * Requests per second each provider allows: the emulator answers 429 beyond it and the
   * connection is paced to it, as a real deployment would be configured. Default: no sandbox
   * limit and the adapters' documented defaults.
   */
  rateLimits?: Partial<Record<(typeof PROVIDERS)[number], number>>;
  /** Give each connection a webhook secret and have its emulator deliver webhooks to the server. Default true; false leaves settlement to the poller. */
  webhooks?: boolean;
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
  const sandbox = await startSandbox(withRateLimits(opts.sandbox ?? {}, opts.rateLimits));
  let server: RunningServer | undefined;
  try {
    const config = defaultServerConfig({ dataDir, logLevel: "warn", ...opts.server });
    server = await startServer(config, { port: opts.port ?? 0 });
    const key = await createApiKey(server.services.store, opts.projectName ?? "dev", "test", config.homeCurrency);
    for (const p of PROVIDERS) {
      // A fresh secret per start: the emulator is told the same one, so its deliveries authenticate.
      const webhookSecret = p === "stripe" ? `whsec_${randomBytes(24).toString("hex")}` : randomBytes(24).toString("hex");
      const view = await server.services.connections.add(key.project.id, "test", { server: p, mode: "test", base_url: sandbox[p].url, api_key: sandbox[p].key, webhook_secret: webhookSecret, rate_limit_per_s: opts.rateLimits?.[p] }, "codespar dev");
      if (opts.webhooks !== false) sandbox[p].setWebhooks([{ url: `${server.url}/v1/webhooks/${p}/${view.id}`, secret: webhookSecret }]);
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

function withRateLimits(o: SandboxOptions, limits: DevEnvironmentOptions["rateLimits"]): SandboxOptions {
  if (!limits) return o;
  const out: SandboxOptions = { ...o };
  for (const p of PROVIDERS) {
    const limit = limits[p];
    if (limit !== undefined) out[p] = { ...o[p], faults: { ...o[p]?.faults, rateLimitPerSecond: limit } };
  }
  return out;
}
