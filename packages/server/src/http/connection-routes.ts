import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Services } from "../services.js";
import { parseInput } from "../validation.js";
import { authOf } from "./auth-hook.js";

const addBody = z
  .object({
    server: z.string().min(1).max(64),
    mode: z.enum(["test", "live"]).optional(),
    base_url: z.string().max(2048).optional(),
    credentials: z.object({ api_key: z.string().min(1).max(4096), webhook_secret: z.string().min(1).max(4096).optional() }).strict(),
    rate_limit_per_s: z.number().positive().max(10_000).optional(),
  })
  .strict();

const idParams = z.object({ id: z.string().min(1).max(64) });

export function connectionRoutes(app: FastifyInstance, services: Services): void {
  app.post("/v1/connections", async (request, reply) => {
    const auth = authOf(request);
    const body = parseInput(addBody, request.body, "POST /v1/connections");
    const view = await services.connections.add(auth.project.id, auth.mode, {
      server: body.server,
      mode: body.mode ?? auth.mode,
      base_url: body.base_url,
      api_key: body.credentials.api_key,
      webhook_secret: body.credentials.webhook_secret,
      rate_limit_per_s: body.rate_limit_per_s,
    }, `key:${auth.key.id}`);
    return reply.status(201).send(view);
  });

  app.get("/v1/connections", async (request) => ({ object: "list", data: await services.connections.list(authOf(request).project.id) }));

  app.delete("/v1/connections/:id", async (request) => {
    const { id } = parseInput(idParams, request.params, "connection id");
    const auth = authOf(request);
    await services.connections.remove(auth.project.id, id, `key:${auth.key.id}`);
    return { id, deleted: true };
  });
}
