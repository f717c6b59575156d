import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { parseUsagePeriod } from "../billing/usage-period.js";
import type { Services } from "../services.js";
import { parseInput } from "../validation.js";
import { authOf } from "./auth-hook.js";

const usageQuery = z.object({ from: z.string().max(64).optional(), to: z.string().max(64).optional() }).strict();

export function usageRoutes(app: FastifyInstance, services: Services): void {
  // Billable usage of the key's project: per provider, counts, refunded amounts and fees.
  app.get("/v1/usage", async (request) => {
    const auth = authOf(request);
    const query = parseInput(usageQuery, request.query, "GET /v1/usage");
    return services.usage.report(auth.project, parseUsagePeriod(query));
  });
}
