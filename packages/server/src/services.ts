import type { FastifyBaseLogger } from "fastify";
import type { ServerConfig } from "./config/server-config.js";
import { ConnectionService } from "./connections/connection-service.js";
import { CredentialSealer, loadMasterKey } from "./connections/credential-sealer.js";
import { LedgerEvents } from "./ledger/ledger-events.js";
import { RefundService } from "./ledger/refund-service.js";
import { createMetrics, type Metrics } from "./observability/metrics.js";
import { PaymentRouter } from "./router/payment-router.js";
import { SessionService } from "./sessions/session-service.js";
import { openStore, type Store } from "./storage/index.js";
import { ExecuteService } from "./tools/execute-service.js";
import { ToolRegistry } from "./tools/tool-registry.js";

/** Every service of one server instance, wired once; routes receive this and nothing else. */
export interface Services {
  config: ServerConfig;
  store: Store;
  metrics: Metrics;
  /** Money-moving events; billing, audit and settlement subscribe here. */
  events: LedgerEvents;
  sessions: SessionService;
  connections: ConnectionService;
  router: PaymentRouter;
  refunds: RefundService;
  tools: ToolRegistry;
  execute: ExecuteService;
}

export function createServices(config: ServerConfig, log: FastifyBaseLogger, store?: Store): Services {
  const s = store ?? openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const metrics = createMetrics();
  const sessions = new SessionService(s, config.sessionIdleTimeoutMs);
  const events = new LedgerEvents();
  const connections = new ConnectionService(s, new CredentialSealer(loadMasterKey(config.masterKey, config.dataDir)), events);
  const router = new PaymentRouter(s, connections);
  const refunds = new RefundService(s, connections, events);
  const tools = new ToolRegistry();
  const execute = new ExecuteService(
    s,
    sessions,
    tools,
    { store: s, connections, router, refunds, events, oncePerDayDefault: config.oncePerDayRefunds },
    metrics,
    log,
  );
  return { config, store: s, metrics, events, sessions, connections, router, refunds, tools, execute };
}
