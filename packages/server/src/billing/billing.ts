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
  // Once per state change and again on re-answers (unique per refund key); a crash before it is
  // covered by the announcement outbox, which announces the row again at the next start.
  events.on("refund.state", (event) => recorder.onRefundState(event));
  return new UsageService(store);
}
