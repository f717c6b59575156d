import type { FastifyInstance } from "fastify";
import { buildApp } from "./app.js";
import type { ServerConfig } from "./config/server-config.js";
import type { Services } from "./services.js";

export interface RunningServer {
  app: FastifyInstance;
  services: Services;
  /** e.g. http://127.0.0.1:7420 */
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 7420;

/** Starts the API on host:port (0 = any free port) and returns once it is accepting connections. */
export async function startServer(config: ServerConfig, listen: { host?: string; port?: number } = {}): Promise<RunningServer> {
  const { app, services } = await buildApp({ config });
  const host = listen.host ?? "127.0.0.1";
  await app.listen({ host, port: listen.port ?? DEFAULT_PORT });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : listen.port;
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return { app, services, url: `http://${shownHost}:${port}`, close: () => app.close() };
}
