import type { LedgerEvents } from "../ledger/ledger-events.js";
import type { Store } from "../storage/index.js";
import { subscribeAudit } from "./audit-subscriber.js";
import { AuditTrail } from "./audit-trail.js";

/** The trail, subscribed to every money-moving event and connection change. */
export function createAuditTrail(store: Store, events: LedgerEvents): AuditTrail {
  const trail = new AuditTrail(store);
  subscribeAudit(events, trail);
  return trail;
}
