import type { FastifyInstance } from "fastify";
import type { Metrics } from "../observability/metrics.js";

/** Labels use the route template (/v1/sessions/:id), never the raw URL, to bound cardinality. */
export function registerRequestMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
}
