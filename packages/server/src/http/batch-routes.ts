import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Services } from "../services.js";
import { parseInput } from "../validation.js";
import { authOf } from "./auth-hook.js";
import { streamBatchEvents } from "../batches/batch-events.js";

const MAX_ITEMS = 100_000;

const createBody = z
  .object({
    tool: z.string().min(1).max(128),
    items: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_ITEMS),
    session: z.string().min(1).max(64).optional(),
    metadata: z.record(z.string().max(100), z.unknown()).optional(),
    concurrency: z.number().int().min(1).max(256).optional(),
  })
  .strict();

const idParams = z.object({ id: z.string().min(1).max(64) });
const itemsQuery = z
  .object({
    status: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]).optional(),
    after: z.coerce.number().int().min(-1).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict();
const eventsQuery = z.object({ after: z.coerce.number().int().min(0).optional() }).strict();

export function batchRoutes(app: FastifyInstance, services: Services): void {
  app.post("/v1/batches", { bodyLimit: services.config.batchBodyLimitBytes }, async (request, reply) => {
    const body = parseInput(createBody, request.body, "POST /v1/batches");
    return reply.status(202).send(await services.batches.create(authOf(request), body));
  });

  app.get("/v1/batches/:id", async (request) => {
    const { id } = parseInput(idParams, request.params, "batch id");
    return services.batches.get(authOf(request).project.id, id);
  });

  app.get("/v1/batches/:id/items", async (request) => {
    const { id } = parseInput(idParams, request.params, "batch id");
    const q = parseInput(itemsQuery, request.query, "GET /v1/batches/:id/items");
    return services.batches.items(authOf(request).project.id, id, { limit: q.limit ?? 100, ...(q.status ? { status: q.status } : {}), ...(q.after !== undefined ? { after: q.after } : {}) });
  });

  app.post("/v1/batches/:id/cancel", async (request) => {
    const { id } = parseInput(idParams, request.params, "batch id");
    return services.batches.cancel(authOf(request).project.id, id);
  });

  app.post("/v1/batches/:id/retry-failed", async (request) => {
    const { id } = parseInput(idParams, request.params, "batch id");
    return services.batches.retryFailed(authOf(request).project.id, id);
  });

  app.get("/v1/batches/:id/events", async (request, reply) => {
    const { id } = parseInput(idParams, request.params, "batch id");
    const q = parseInput(eventsQuery, request.query, "GET /v1/batches/:id/events");
    const projectId = authOf(request).project.id;
    await services.batches.require(projectId, id);
    const lastEventId = Number(request.headers["last-event-id"]);
    const after = Number.isInteger(lastEventId) && lastEventId >= 0 ? lastEventId : (q.after ?? 0);
    reply.hijack();
    await streamBatchEvents(services, projectId, id, after, request.raw, reply.raw);
  });
}
