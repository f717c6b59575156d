import type { Command } from "commander";
import { renderTable } from "../output/table.js";
import { apiRequest, apiTargetFrom } from "./api-client.js";

interface ConnectionView {
  id: string;
  server: string;
  mode: string;
  base_url: string;
  api_key_hint: string;
  has_webhook_secret: boolean;
  rate_limit_per_s: number | null;
}

interface TargetOpts {
  baseUrl?: string;
  apiKey?: string;
  json?: boolean;
}

export function registerConnections(program: Command): void {
  const cmd = program.command("connections").description("Provider connections of the key's project (credentials sealed at rest)");
  const withTarget = (c: Command) =>
    c.option("--base-url <url>", "server URL (env CODESPAR_BASE_URL)").option("--api-key <key>", "API key (env CODESPAR_API_KEY)").option("--json", "print JSON");

  withTarget(cmd.command("add <server>").description("Add or replace the connection for stripe, asaas or mercadopago"))
    .option("--mode <mode>", "test or live (default: the key's mode)")
    .option("--provider-base-url <url>", "provider base URL (default: the real provider)")
    .option("--credential-env <VAR>", "read the provider credential from this environment variable (keeps it out of shell history)")
    .option("--webhook-secret-env <VAR>", "read the webhook secret from this environment variable")
    .option("--rate-limit <perSecond>", "requests per second this connection may send")
    .action(async (server: string, opts: TargetOpts & { mode?: string; providerBaseUrl?: string; credentialEnv?: string; webhookSecretEnv?: string; rateLimit?: string }) => {
      const apiKey = opts.credentialEnv ? process.env[opts.credentialEnv] : process.env.CODESPAR_PROVIDER_CREDENTIAL;
      if (!apiKey) throw new Error("No provider credential: set CODESPAR_PROVIDER_CREDENTIAL or name a variable with --credential-env");
      const webhookSecret = opts.webhookSecretEnv ? process.env[opts.webhookSecretEnv] : undefined;
      const view = await apiRequest<ConnectionView>(apiTargetFrom(opts), "POST", "/v1/connections", {
        server,
        ...(opts.mode ? { mode: opts.mode } : {}),
        ...(opts.providerBaseUrl ? { base_url: opts.providerBaseUrl } : {}),
        credentials: { api_key: apiKey, ...(webhookSecret ? { webhook_secret: webhookSecret } : {}) },
        ...(opts.rateLimit ? { rate_limit_per_s: Number(opts.rateLimit) } : {}),
      });
      console.log(opts.json ? JSON.stringify(view) : `Connected ${view.server} (${view.mode}) as ${view.id} -> ${view.base_url}`);
    });

  withTarget(cmd.command("list").description("List connections")).action(async (opts: TargetOpts) => {
    const { data } = await apiRequest<{ data: ConnectionView[] }>(apiTargetFrom(opts), "GET", "/v1/connections");
    if (opts.json) return console.log(JSON.stringify(data));
    console.log(renderTable(["id", "server", "mode", "base url", "credential", "rate/s"], data.map((c) => [c.id, c.server, c.mode, c.base_url, c.api_key_hint, c.rate_limit_per_s ?? "default"])));
  });

  withTarget(cmd.command("remove <id>").description("Remove a connection")).action(async (id: string, opts: TargetOpts) => {
    await apiRequest(apiTargetFrom(opts), "DELETE", `/v1/connections/${encodeURIComponent(id)}`);
    console.log(opts.json ? JSON.stringify({ id, deleted: true }) : `Removed ${id}`);
  });
}
