import type { FastifyInstance, FastifyRequest } from "fastify";
import { CodesparError } from "@codespar/protocol";
import { z } from "zod";
import { SERVERS, isServerId } from "../catalog/servers.js";
import type { Services } from "../services.js";
import { parseInput } from "../validation.js";
import { authOf } from "./auth-hook.js";

const createBody = z
  .object({
    user_id: z.string().min(1).max(200),
    servers: z.array(z.string().min(1).max(64)).max(32).optional(),
    preset: z.string().max(64).optional(),
    metadata: z.record(z.string().max(100), z.unknown()).optional(),
    project_id: z.string().max(64).optional(),
  })
  .strict()
  .refine((b) => JSON.stringify(b.metadata ?? {}).length <= 16_384, { message: "metadata must be at most 16 KiB as JSON", path: ["metadata"] });

const executeBody = z
  .object({
    tool: z.string().min(1).max(128),
    input: z.record(z.string(), z.unknown()).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const listQuery = z.object({ before: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(100).optional() }).strict();
const idParams = z.object({ id: z.string().min(1).max(64) });

/** Presets name a set of servers, as CodeSpar's hosted presets do. */
const PRESETS: Record<string, string[]> = { payments: ["stripe", "asaas", "mercadopago"], brazil: ["asaas", "mercadopago", "stripe"] };

export function sessionRoutes(app: FastifyInstance, services: Services): void {
  app.post("/v1/sessions", async (request, reply) => {
    const auth = authOf(request);
    const body = parseInput(createBody, request.body, "POST /v1/sessions");
    if (body.project_id !== undefined && body.project_id !== auth.project.id && body.project_id !== auth.project.name) {
      throw new CodesparError("not_found", "No such project for this API key");
    }
    // An unknown preset is refused, not read as "every server"; hasOwn keeps "constructor" and the like out.
    if (body.preset !== undefined && !Object.hasOwn(PRESETS, body.preset)) {
      throw new CodesparError("invalid_request", `Unknown preset "${body.preset}"; available: ${Object.keys(PRESETS).join(", ")}`, { field: "preset" });
    }
    const servers = body.servers ?? (body.preset !== undefined ? PRESETS[body.preset] : undefined) ?? Object.keys(SERVERS);
    const unknown = servers.filter((s) => !isServerId(s));
    if (unknown.length > 0) {
      throw new CodesparError("invalid_request", `Unknown servers: ${unknown.join(", ")}; available: ${Object.keys(SERVERS).join(", ")}`, { field: "servers" });
    }
    const session = await services.sessions.create(auth.project.id, auth.mode, { user_id: body.user_id, servers, metadata: body.metadata ?? {} });
    return reply.status(201).send(session);
  });

  app.get("/v1/sessions", async (request) => {
    const q = parseInput(listQuery, request.query, "GET /v1/sessions");
    const limit = q.limit ?? 20;
    const data = await services.sessions.list(authOf(request).project.id, q.before, limit);
    return { object: "list", data, has_more: data.length === limit, next_before: data.at(-1)?.id ?? null };
  });

  app.get("/v1/sessions/:id", async (request) => {
    const { id } = parseInput(idParams, request.params, "session id");
    return services.sessions.view(authOf(request).project.id, id);
  });

  app.post("/v1/sessions/:id/execute", async (request) => {
    const { id } = parseInput(idParams, request.params, "session id");
    const body = parseInput(executeBody, request.body, "POST /v1/sessions/:id/execute");
    return services.execute.execute(authOf(request), id, body.tool, body.input ?? body.params ?? {});
  });

  const close = async (request: FastifyRequest) => {
    const { id } = parseInput(idParams, request.params, "session id");
    return services.sessions.close(authOf(request).project.id, id);
  };
  app.delete("/v1/sessions/:id", close);
  app.post("/v1/sessions/:id/close", close);

  app.get("/v1/sessions/:id/connections", async (request) => {
    const auth = authOf(request);
    const { id } = parseInput(idParams, request.params, "session id");
    const session = await services.sessions.get(auth.project.id, id);
    const servers = await Promise.all(
      session.servers.filter(isServerId).map(async (server) => {
        const connection = await services.connections.find(auth.project.id, server, auth.mode);
        return { id: server, name: SERVERS[server].name, connected: Boolean(connection), capabilities: SERVERS[server].capabilities, tools: ["codespar_pay"] };
      }),
    );
    return { session_id: session.id, servers, tools: services.tools.list() };
  });
}
