import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { SERVERS } from "../catalog/servers.js";
import type { Services } from "../services.js";
import { toolCallView } from "../tools/tool-call-view.js";
import { parseInput } from "../validation.js";
import { CodesparError } from "@codespar/protocol";
import { authOf } from "./auth-hook.js";

const idParams = z.object({ id: z.string().min(1).max(64) });

export function catalogRoutes(app: FastifyInstance, services: Services): void {
  app.get("/v1/tools", async () => ({ object: "list", data: services.tools.list() }));

  app.get("/v1/servers", async (request) => {
    const auth = authOf(request);
    const data = await Promise.all(
      Object.values(SERVERS).map(async (s) => ({ ...s, connected: Boolean(await services.connections.find(auth.project.id, s.id, auth.mode)) })),
    );
    return { object: "list", data };
  });

  app.get("/v1/whoami", async (request) => {
    const { project, key, mode } = authOf(request);
    return { project: { id: project.id, name: project.name, home_currency: project.home_currency }, key: { id: key.id, prefix: key.display_prefix, mode } };
  });

  /** Another project's call is a 404, not a 403: its existence is not ours to confirm. */
  app.get("/v1/tool-calls/:id", async (request) => {
    const { id } = parseInput(idParams, request.params, "tool call id");
    const call = await services.store.toolCalls.get(authOf(request).project.id, id);
    if (!call) throw new CodesparError("not_found", `No tool call ${id} in this project`);
    return toolCallView(call);
  });
}
