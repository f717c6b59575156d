import type { FastifyBaseLogger } from "fastify";
import type { ServerConfig } from "../config/server-config.js";
import type { ConnectionService } from "../connections/connection-service.js";
import type { LedgerEvents } from "../ledger/ledger-events.js";
import type { Store } from "../storage/index.js";
import { WebhookService } from "../webhooks/webhook-service.js";
import { DEFAULT_POLLER_OPTIONS, SettlementPoller } from "./settlement-poller.js";
import { PaymentStatusService } from "./payment-status.js";
import { SettlementService } from "./settlement-service.js";

export interface SettlementServices {
  /** Settles refund rows from webhooks and read-backs; keeps each refund's events. */
  settlement: SettlementService;
  /** Reads back pending and unknown refunds where no webhook came. */
  settlementPoller: SettlementPoller;
  paymentStatus: PaymentStatusService;
  webhooks: WebhookService;
}

/** Wires settlement; it subscribes to `refund.state` here, so call it before anything can emit. */
export function createSettlement(store: Store, events: LedgerEvents, connections: ConnectionService, config: ServerConfig, log: FastifyBaseLogger): SettlementServices {
  const options = {
    ...DEFAULT_POLLER_OPTIONS,
    intervalMs: config.settlementPollIntervalMs,
    baseMs: config.settlementBackoffBaseMs,
    maxMs: config.settlementBackoffMaxMs,
  };
  const settlement = new SettlementService(store, events, options);
  return {
    settlement,
    settlementPoller: new SettlementPoller(store, connections, settlement, log, options),
    paymentStatus: new PaymentStatusService(store),
    webhooks: new WebhookService(store, connections, settlement),
  };
}
