import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Services } from "../services.js";
import { parseInput } from "../validation.js";

const params = z.object({ server: z.string().min(1).max(32), connection: z.string().min(1).max(64) });

/**
 * Provider webhooks. Not API-key authenticated (auth-hook skips /v1/webhooks/): each provider
 * authenticates its own deliveries. In this scope every body is kept as the raw Buffer the
 * provider signed, whatever its content type; JSON is parsed only after the signature holds.
 */
export function webhookRoutes(app: FastifyInstance, services: Services): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));

    scope.post("/v1/webhooks/:server/:connection", async (request) => {
      const p = parseInput(params, request.params, "webhook path");
      const query = request.query as Record<string, unknown>;
      const dataId = query["data.id"];
      return services.webhooks.receive({
        server: p.server,
        connectionId: p.connection,
        rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        headers: request.headers,
        queryDataId: typeof dataId === "string" && dataId !== "" ? dataId : undefined,
      });
    });
  });
}
