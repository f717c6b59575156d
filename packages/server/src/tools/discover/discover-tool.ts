import { z } from "zod";
import { SERVERS, isServerId } from "../../catalog/servers.js";
import type { ToolContext, ToolDefinition, ToolOutcome } from "../tool-definition.js";
import { parseInput } from "../../validation.js";
import { capabilityFromQuery } from "./capability-from-query.js";

const schema = z
  .object({
    domain: z.enum(["payments"]).optional(),
    capability: z.enum(["refund", "status", "pay"]).optional(),
    use_case: z.string().min(1).max(500).optional(),
    category: z.string().min(1).max(64).optional(),
    country: z.string().regex(/^[A-Za-z]{2}$/, "must be an ISO 3166 two-letter code").optional(),
    limit: z.number().int().min(1).max(50).optional(),
  })
  .strict();

type DiscoverInput = z.output<typeof schema>;

export interface DiscoveredServer {
  id: string;
  name: string;
  capabilities: string[];
  countries: string[];
  currencies: string[];
  connected: true;
  healthy: true;
  tools: string[];
}

export interface UnavailableServer {
  id: string;
  reason: "not_connected" | "unhealthy" | "unsupported";
  error_code?: string;
  message: string;
}

/**
 * Answers which of the session's servers can do the capability right now: known, offering it,
 * connected for this key's mode, and passing a live credential check. The cookbook reads
 * `result.servers.length`, so the list is also lifted onto the tool result.
 */
export const discoverTool: ToolDefinition<DiscoverInput> = {
  name: "codespar_discover",
  description: "Find which of the session's servers are connected and healthy for a capability (refund, status, pay).",
  inputSchema: z.toJSONSchema(schema) as Record<string, unknown>,
  parse: (input) => parseInput(schema, input, "codespar_discover"),
  async run(ctx: ToolContext, input: DiscoverInput): Promise<ToolOutcome> {
    const capability = capabilityFromQuery(input.capability, input.use_case);
    const country = input.country?.toUpperCase();
    const servers: DiscoveredServer[] = [];
    const unavailable: UnavailableServer[] = [];
    const checks = ctx.scope.servers.map(async (id) => {
      if (!isServerId(id)) return unavailable.push({ id, reason: "unsupported", message: `No server named ${id}` });
      const info = SERVERS[id];
      if (capability && !info.capabilities.includes(capability)) return unavailable.push({ id, reason: "unsupported", message: `${info.name} does not offer ${capability}` });
      if (country && !info.countries.includes(country)) return unavailable.push({ id, reason: "unsupported", message: `${info.name} does not operate in ${country}` });
      const connection = await ctx.connections.find(ctx.project.id, id, ctx.mode);
      if (!connection) return unavailable.push({ id, reason: "not_connected", message: `No ${ctx.mode} connection for ${info.name} in this project` });
      const health = await ctx.connections.checkHealth(connection);
      if (!health.ok) return unavailable.push({ id, reason: "unhealthy", error_code: health.code, message: health.message });
      return servers.push({
        id,
        name: info.name,
        capabilities: [...info.capabilities],
        countries: info.countries,
        currencies: info.currencies,
        connected: true,
        healthy: true,
        tools: ["codespar_pay"],
      });
    });
    await Promise.all(checks);
    const order = (a: { id: string }, b: { id: string }) => ctx.scope.servers.indexOf(a.id) - ctx.scope.servers.indexOf(b.id);
    servers.sort(order);
    unavailable.sort(order);
    const limited = input.limit ? servers.slice(0, input.limit) : servers;
    const data = { capability: capability ?? null, domain: input.domain ?? "payments", servers: limited, unavailable };
    return { success: true, data, server: null, extra: { servers: limited } };
  },
};
