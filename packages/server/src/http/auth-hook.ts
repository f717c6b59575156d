import type { FastifyInstance, FastifyRequest } from "fastify";
import { authenticate, type AuthContext } from "../auth/authenticate.js";
import type { Services } from "../services.js";

declare module "fastify" {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

/**
 * Every /v1 route is authenticated except webhooks, which providers sign instead. It runs on
 * request, before the body is read: a client without a valid key learns nothing about its body
 * (no 400 or 413 before the 401) and costs no parsing. Each request is then counted against the
 * per-key rate limit, a refused one against the client's address (see api-rate-limit.ts).
 */
export function registerAuth(app: FastifyInstance, services: Services): void {
  const rateLimit = services.apiRateLimit;
  app.decorateRequest("auth", null);
  app.addHook("onRequest", async (request, reply) => {
    // The matched route decides, not the raw URL: the router also matches an absolute-form target
    // (GET http://host/v1/tools), whose URL does not start with /v1/. Unmatched URLs go by their path.
    const path = request.routeOptions.url ?? pathOf(request.url);
    if (!path.startsWith("/v1/") || path.startsWith("/v1/webhooks/")) return;
    let auth: AuthContext;
    try {
      auth = await authenticate(services.store, request.headers.authorization);
    } catch (err) {
      await rateLimit.admit(`ip:${request.ip}`, reply);
      throw err;
    }
    await rateLimit.admit(`key:${auth.key.id}`, reply);
    request.auth = auth;
  });
}

function pathOf(url: string): string {
  if (url.startsWith("/")) return url.split("?")[0] ?? "";
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new Error("route registered outside the authenticated /v1 scope");
  return request.auth;
}
