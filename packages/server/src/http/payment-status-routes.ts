import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Services } from "../services.js";
import { streamPaymentStatus } from "../settlement/status-stream.js";
import { parseInput } from "../validation.js";
import { authOf } from "./auth-hook.js";

const idParams = z.object({ id: z.string().min(1).max(64) });

export function paymentStatusRoutes(app: FastifyInstance, services: Services): void {
  /** Another project's call is a 404, as for GET /v1/tool-calls/:id. */
  app.get("/v1/tool-calls/:id/payment-status", async (request) => {
    const { id } = parseInput(idParams, request.params, "tool call id");
    return services.paymentStatus.view(authOf(request).project.id, id);
  });

  /** The same as server-sent events: the current status, each change, and the end once final. */
  app.get("/v1/tool-calls/:id/payment-status/stream", async (request, reply) => {
    const { id } = parseInput(idParams, request.params, "tool call id");
    const projectId = authOf(request).project.id;
    // Read once before taking over the socket, so a 404 still answers as the usual JSON envelope.
    await services.paymentStatus.view(projectId, id);
    reply.hijack();
    reply.raw.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      // The stream is the connection's last use: closing it when the stream ends lets a server
      // shutting down finish at once instead of waiting out the keep-alive timeout.
      connection: "close",
      "x-accel-buffering": "no",
      "x-request-id": request.id,
    });
    await streamPaymentStatus(reply.raw, {
      read: () => services.paymentStatus.view(projectId, id),
      watch: (onChange) => services.settlement.watch(projectId, onChange),
      shutdown: services.shutdown.signal,
    });
  });
}
