import type { FastifyBaseLogger } from "fastify";
import type { ServerConfig } from "./config/server-config.js";
import { ConnectionService } from "./connections/connection-service.js";
import { CredentialSealer, loadMasterKey } from "./connections/credential-sealer.js";
import { AnnouncementRecovery } from "./ledger/announcement-recovery.js";
import { LedgerEvents } from "./ledger/ledger-events.js";
import { RefundService } from "./ledger/refund-service.js";
import { createMetrics, type Metrics } from "./observability/metrics.js";
import { PaymentRouter } from "./router/payment-router.js";
import { SessionService } from "./sessions/session-service.js";
import type { Store } from "./storage/index.js";
import { ExecuteService } from "./tools/execute-service.js";
import { ToolRegistry } from "./tools/tool-registry.js";
import { createBilling } from "./billing/billing.js";
import type { UsageService } from "./billing/usage-service.js";
import { createAuditTrail } from "./audit/audit.js";
import type { AuditTrail } from "./audit/audit-trail.js";
import { BatchRunner } from "./batches/batch-runner.js";
import { BatchService } from "./batches/batch-service.js";
import { InProcessQueue } from "./batches/in-process-queue.js";
import { JobRouter } from "./distributed/job-router.js";
import type { DistributedParts } from "./distributed/distributed-mode.js";
import { refundLeaseFor } from "./distributed/owner-id.js";
import { createSettlement, type SettlementServices } from "./settlement/settlement.js";
import { ApiRateLimit } from "./http/api-rate-limit.js";

/** Every service of one server instance, wired once; routes receive this and nothing else. */
export interface Services extends SettlementServices {
  config: ServerConfig;
  store: Store;
  metrics: Metrics;
  /** Money-moving events; billing, audit and settlement subscribe here. */
  events: LedgerEvents;
  sessions: SessionService;
  connections: ConnectionService;
  router: PaymentRouter;
  refunds: RefundService;
  /** Announces, at start, refund states a crash left unannounced. */
  announcements: AnnouncementRecovery;
  tools: ToolRegistry;
  execute: ExecuteService;
  /** Billing: records a usage row per settled refund; reports usage by period. */
  usage: UsageService;
  /** The hash-chained audit trail of money movements and connection changes. */
  audit: AuditTrail;
  runner: BatchRunner;
  batches: BatchService;
  /** The per-key API rate limit, checked by the auth hook. */
  apiRateLimit: ApiRateLimit;
  /** Aborted when the server starts closing: long-lived streams end on it. */
  shutdown: AbortController;
}

/**
 * `store` is opened by the caller (opening PostgreSQL is async). `distributed`, when REDIS_URL
 * is set, brings the BullMQ queue and the pacing and API rate limit shared through Redis; without
 * it batch items run in this process and each connection's pacer and each key's API rate limit
 * are this process's alone.
 */
export function createServices(config: ServerConfig, log: FastifyBaseLogger, store: Store, distributed?: DistributedParts): Services {
  const s = store;
  const metrics = createMetrics();
  const sessions = new SessionService(s, config.sessionIdleTimeoutMs);
  const events = new LedgerEvents();
  // Subscribed before any service can emit, so no event goes unbilled or unaudited.
  const usage = createBilling(s, events, config, log);
  const audit = createAuditTrail(s, events);
  const connections = new ConnectionService(s, new CredentialSealer(loadMasterKey(config.masterKey, config.dataDir)), events, undefined, distributed?.pacerFor);
  const router = new PaymentRouter(s, connections);
  const refunds = new RefundService(s, connections, events, undefined, refundLeaseFor(config));
  const settlement = createSettlement(s, events, connections, config, log);
  const announcements = new AnnouncementRecovery(s, events, log);
  const tools = new ToolRegistry();
  const execute = new ExecuteService(
    s,
    sessions,
    tools,
    { store: s, connections, router, refunds, events, oncePerDayDefault: config.oncePerDayRefunds },
    metrics,
    log,
  );
  const runner = new BatchRunner(s, distributed?.queue ?? new InProcessQueue({ maxInFlight: config.batchMaxInFlight, router: new JobRouter(s) }), execute, tools, log);
  const batches = new BatchService(s, sessions, tools, runner);
  const apiRateLimit = new ApiRateLimit(config, { shared: distributed?.apiRateBuckets, log });
  return { config, store: s, metrics, events, usage, audit, sessions, connections, router, refunds, announcements, tools, execute, runner, batches, apiRateLimit, shutdown: new AbortController(), ...settlement };
}
