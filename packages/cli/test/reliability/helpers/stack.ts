import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CodeSpar } from "@codespar/sdk";
import type { Sandbox } from "@codespar/sandbox";
import { freePort, killHard, runCli, startServe, type CliProcess } from "@codespar/cli";
import type { WireProxy } from "../../helpers/wire-proxy.js";
import { WEBHOOK_FAULTS, WEBHOOK_RETRY } from "./fault-schedule.js";
import { PROVIDERS, type Provider } from "./items.js";

/** Each connection's pace; the 429-burst phase drops the emulator's limit well below it. */
export const RATE_LIMIT_PER_S = 40;
/** Given to the server explicitly so the test computes the same fees from the same rates. */
export const FX_RATES: Readonly<Record<string, string>> = { BRL: "0.20", MXN: "0.055" };
export const HOME_CURRENCY = "USD";

/**
 * The server's knobs for a run that must finish in minutes: hangs time out in under a second,
 * a killed server's refund leases lapse in 1.5 s, and the poller looks every 200 ms with a
 * short back-off. The embedded SQLite store, whatever the caller's environment says.
 */
const SERVER_ENV: NodeJS.ProcessEnv = {
  DATABASE_URL: undefined,
  REDIS_URL: undefined,
  CODESPAR_PROVIDER_TIMEOUT_MS: "700",
  CODESPAR_LEASE_TTL_MS: "1500",
  CODESPAR_SETTLEMENT_POLL_INTERVAL_MS: "200",
  CODESPAR_SETTLEMENT_BACKOFF_BASE_MS: "250",
  CODESPAR_SETTLEMENT_BACKOFF_MAX_MS: "2000",
  CODESPAR_FX_RATES: JSON.stringify(FX_RATES),
  CODESPAR_HOME_CURRENCY: HOME_CURRENCY,
  CODESPAR_LOG_LEVEL: "warn",
};

export interface Stack {
  url: string;
  apiKey: string;
  dataDir: string;
  codespar: CodeSpar;
  kills: number;
  /** SIGKILL, no warning: whatever was in flight stays in flight. */
  kill(): Promise<void>;
  /** A new `codespar serve` on the same data dir and port. */
  restart(): Promise<void>;
  /** Every incarnation's output, for diagnostics. */
  output(): string;
  /** Stops the server; `keep` leaves the data dir (and the server's output in it) for a post-mortem. */
  close(keep?: boolean): Promise<void>;
}

/**
 * A real `codespar serve` child on a fresh data dir, a key made by `codespar keys create`,
 * and one connection per provider through its fault proxy, with a webhook secret the emulator
 * signs its deliveries with (as `codespar dev` does).
 */
export async function startStack(sandbox: Sandbox, proxies: Record<Provider, WireProxy>, seed: number): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), "codespar-reliability-"));
  const created = await runCli(["keys", "create", "--project", "reliability", "--data-dir", dataDir, "--json"], { env: SERVER_ENV });
  if (created.code !== 0) throw new Error(`keys create failed: ${created.stderr}`);
  const apiKey = (JSON.parse(created.stdout) as { api_key: string }).api_key;
  const port = await freePort();
  const logs: string[] = [];
  let server: CliProcess & { url: string } = await startServe(dataDir, port, SERVER_ENV);
  const url = server.url;
  const stack: Stack = {
    url,
    apiKey,
    dataDir,
    codespar: new CodeSpar({ apiKey, baseUrl: url, maxNetworkRetries: 2 }),
    kills: 0,
    async kill() {
      await killHard(server.child);
      logs.push(server.output());
      stack.kills++;
    },
    async restart() {
      server = await startServe(dataDir, port, SERVER_ENV);
    },
    output: () => [...logs, server.output()].join("\n--- restart ---\n"),
    async close(keep = false) {
      await killHard(server.child);
      if (keep) writeFileSync(join(dataDir, "server-output.log"), stack.output());
      else rmSync(dataDir, { recursive: true, force: true });
    },
  };
  for (const [i, p] of PROVIDERS.entries()) {
    const webhookSecret = p === "stripe" ? `whsec_${randomBytes(24).toString("hex")}` : randomBytes(24).toString("hex");
    const res = await fetch(`${url}/v1/connections`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ server: p, base_url: proxies[p].url, credentials: { api_key: sandbox[p].key, webhook_secret: webhookSecret }, rate_limit_per_s: RATE_LIMIT_PER_S }),
    });
    if (res.status !== 201) throw new Error(`POST /v1/connections ${p}: ${res.status} ${await res.text()}`);
    const view = (await res.json()) as { id: string };
    sandbox[p].setWebhooks([{ url: `${url}/v1/webhooks/${p}/${view.id}`, secret: webhookSecret }]);
    sandbox[p].setWebhookFaults(WEBHOOK_FAULTS(seed * 10 + i));
    sandbox[p].setWebhookRetry(WEBHOOK_RETRY);
  }
  return stack;
}
