import Fastify, { type FastifyInstance } from "fastify";
import { randomBase62 } from "./ids.js";
import type { ServerConfig } from "./config/server-config.js";
import { registerAuth } from "./http/auth-hook.js";
import { catalogRoutes } from "./http/catalog-routes.js";
import { connectionRoutes } from "./http/connection-routes.js";
import { batchRoutes } from "./http/batch-routes.js";
import { answerClientError, answerFrameworkError, registerErrorHandling } from "./http/error-handler.js";
import { healthRoutes } from "./http/health-routes.js";
import { looksLikeCredential, requestForLog } from "./http/secret-redaction.js";
import { registerRequestMetrics } from "./http/request-metrics.js";
import { sessionRoutes } from "./http/session-routes.js";
import { usageRoutes } from "./http/usage-routes.js";
import { paymentStatusRoutes } from "./http/payment-status-routes.js";
import { webhookRoutes } from "./http/webhook-routes.js";
import { createServices, type Services } from "./services.js";
import { openStore, type Store } from "./storage/index.js";
import { checkDistributedConfig, openDistributed } from "./distributed/distributed-mode.js";

export interface BuildAppOptions {
  config: ServerConfig;
  /** Use this store instead of opening one from the config (tests, the PostgreSQL suite). */
  store?: Store;
  /** Where the JSON log lines go instead of stdout: tests capture them to check no secret is logged. */
  logStream?: { write(line: string): void };
}

const INCOMING_REQUEST_ID = /^[A-Za-z0-9_\-.:]{8,128}$/;

/** Builds the app (plugins, hooks, routes); `server.ts` only runs it. Tests call this directly. */
export async function buildApp(opts: BuildAppOptions): Promise<{ app: FastifyInstance; services: Services }> {
  const app = Fastify({
    logger: {
      level: opts.config.logLevel,
      // Keys and provider credentials never reach the logs, whatever a serializer decides to print.
      redact: ["req.headers.authorization", "req.headers.access_token", "req.headers[\"asaas-access-token\"]", "*.api_key", "*.apiKey", "*.webhook_secret"],
      // The URL is logged with secret-looking query values and anything shaped like an API key replaced.
      serializers: { req: requestForLog },
      ...(opts.logStream ? { stream: opts.logStream } : {}),
    },
    bodyLimit: opts.config.bodyLimitBytes,
    genReqId: (req) => {
      const incoming = req.headers["x-request-id"];
      // An incoming id is logged on every line and echoed back, so one shaped like a key is replaced.
      return typeof incoming === "string" && INCOMING_REQUEST_ID.test(incoming) && !looksLikeCredential(incoming) ? incoming : `req_${randomBase62(20)}`;
    },
    requestIdHeader: false,
    // Undecodable URLs, over-long path parameters and unparseable HTTP still answer in the error envelope.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
  checkDistributedConfig(opts.config);
  const store = opts.store ?? (await openStore({ dataDir: opts.config.dataDir, databaseUrl: opts.config.databaseUrl }));
  const services = createServices(opts.config, app.log, store, await openDistributed(opts.config, store, app.log));
  app.addHook("onRequest", async (request, reply) => {
    void reply.header("x-request-id", request.id);
  });
  app.addHook("preClose", async () => services.shutdown.abort());
  // A keep-alive connection answered while the server is closing would otherwise stay open for
  // the whole keep-alive timeout and hold the close up (SDK clients and provider webhooks alike).
  app.addHook("onSend", async (_request, reply) => {
    if (services.shutdown.signal.aborted) void reply.header("connection", "close");
  });
  app.addHook("onClose", async () => services.store.close());
  registerErrorHandling(app);
  registerRequestMetrics(app, services.metrics);
  registerAuth(app, services);
  healthRoutes(app, services);
  catalogRoutes(app, services);
  sessionRoutes(app, services);
  connectionRoutes(app, services);
  usageRoutes(app, services);
  batchRoutes(app, services);
  paymentStatusRoutes(app, services);
  webhookRoutes(app, services);
  // First of the start hooks: nothing else moves refund rows yet, and no bill or audit record
  // lost to a crash waits behind the poller or resumed batches.
  app.addHook("onReady", async () => {
    await services.announcements.run();
  });
  // The settlement poller reads back pending refunds while the server runs; it stops before storage closes.
  app.addHook("onReady", async () => services.settlementPoller.start());
  app.addHook("preClose", async () => services.settlementPoller.stop());
  // Batches resume when the server is ready and drain before storage closes.
  // With BullMQ (REDIS_URL) other workers' running items are alive: stalled jobs and item leases
  // recover a dead worker's items instead. An API-only process never runs items but still closes its queue.
  if (opts.config.runBatches) {
    app.addHook("onReady", async () => services.runner.start({ recoverRunning: opts.config.redisUrl === undefined }));
  }
  app.addHook("preClose", async () => services.runner.close());
  return { app, services };
}
