import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, killHard, peakRssMb, runCli, startServe, type CliProcess } from "@codespar/cli";
import { PROVIDERS, type Provider, type SandboxProcess } from "./sandbox-process.js";


export interface ServerStack {
  url: string;
  apiKey: string;
  server: CliProcess & { url: string };
  peakRssMb(): number | undefined;
  stop(): Promise<void>;
}

/**
 * A fresh `codespar serve` on the embedded store, with a key and test connections to the
 * sandbox at the given per-provider rate (what the provider allows; the pacer holds it).
 */
export async function startServerStack(sandbox: SandboxProcess, ratePerProvider: number | undefined, env: NodeJS.ProcessEnv = {}): Promise<ServerStack> {
  const dataDir = mkdtempSync(join(tmpdir(), "codespar-bench-"));
  const keys = await runCli(["keys", "create", "--project", "bench", "--data-dir", dataDir, "--json"]);
  const apiKey = (JSON.parse(keys.stdout) as { api_key: string }).api_key;
  const server = await startServe(dataDir, await freePort(), env);
  for (const p of PROVIDERS) await addConnection(server.url, apiKey, p, sandbox, ratePerProvider);
  let peak: number | undefined;
  return {
    url: server.url,
    apiKey,
    server,
    peakRssMb: () => (peak = peakRssMb(server.child.pid) ?? peak),
    async stop() {
      peak = peakRssMb(server.child.pid) ?? peak;
      await killHard(server.child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function addConnection(url: string, apiKey: string, p: Provider, sandbox: SandboxProcess, rate: number | undefined): Promise<void> {
  const res = await fetch(`${url}/v1/connections`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ server: p, base_url: sandbox.endpoints[p].url, credentials: { api_key: sandbox.endpoints[p].key }, rate_limit_per_s: rate || 10_000 }),
  });
  if (res.status !== 201) throw new Error(`connection ${p}: HTTP ${res.status} ${await res.text()}`);
}
