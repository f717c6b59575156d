import type { FastifyBaseLogger } from "fastify";
import type { ServerConfig } from "../config/server-config.js";
import type { LedgerEvents } from "../ledger/ledger-events.js";
import type { Store } from "../storage/index.js";
import { FxTable } from "./fx-table.js";
import { UsageRecorder } from "./usage-recorder.js";
import { UsageService } from "./usage-service.js";

/** Subscribes the usage recorder to refund outcomes and returns the reporting side. */
export function createBilling(store: Store, events: LedgerEvents, config: ServerConfig, log: FastifyBaseLogger): UsageService {
  const recorder = new UsageRecorder(store, FxTable.from(config.fxRates), config.homeCurrency, log);
  events.on("refund.state", (event) => recorder.onRefundState(event));
  // Settlement bills ahead of moving the row, so a crash between the two cannot lose the bill.
  events.on("refund.settling", ({ record }) => recorder.onRefundState({ record, previousState: record.state, source: "ledger" }));
  return new UsageService(store);
}
