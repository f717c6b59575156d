import type { FastifyInstance, FastifyRequest } from "fastify";
import { authenticate, type AuthContext } from "../auth/authenticate.js";
import type { Services } from "../services.js";

declare module "fastify" {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

/** Every /v1 route is authenticated except webhooks, which providers sign instead. */
export function registerAuth(app: FastifyInstance, services: Services): void {
  app.decorateRequest("auth", null);
  app.addHook("preHandler", async (request) => {
    const path = request.url.split("?")[0] ?? "";
    if (!path.startsWith("/v1/") || path.startsWith("/v1/webhooks/")) return;
    request.auth = await authenticate(services.store, request.headers.authorization);
  });
}

export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new Error("route registered outside the authenticated /v1 scope");
  return request.auth;
}
