import type { FastifyInstance } from "fastify";
import type { Services } from "../services.js";

export function healthRoutes(app: FastifyInstance, services: Services): void {
  app.get("/healthz", async () => ({ status: "ok", store: services.store.kind }));
  app.get("/metrics", async (_request, reply) => {
    void reply.header("content-type", services.metrics.registry.contentType);
    return services.metrics.registry.metrics();
  });
}
