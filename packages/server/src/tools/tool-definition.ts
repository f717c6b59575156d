import type { ConnectionService } from "../connections/connection-service.js";
import type { PaymentRouter } from "../router/payment-router.js";
import type { RefundService } from "../ledger/refund-service.js";
import type { LedgerEvents } from "../ledger/ledger-events.js";
import type { KeyMode, ProjectRecord, Store } from "../storage/index.js";

/** Where a call runs: a session's servers, or a batch's (batches outlive sessions). */
export interface CallScope {
  sessionId: string | null;
  batchItemId: string | null;
  servers: string[];
  metadata: Record<string, unknown>;
}

/** What a tool may use while it runs: the caller's scope plus the services it needs. */
export interface ToolContext {
  project: ProjectRecord;
  mode: KeyMode;
  scope: CallScope;
  toolCallId: string;
  store: Store;
  connections: ConnectionService;
  router: PaymentRouter;
  refunds: RefundService;
  events: LedgerEvents;
  /** Project-wide default of the one-refund-per-payment-per-day mode. */
  oncePerDayDefault: boolean;
}

export type ToolOutcome =
  | { success: true; data: unknown; server: string | null; idempotencyKey?: string; extra?: Record<string, unknown> }
  | {
      success: false;
      error_code: string;
      error: string;
      data: unknown;
      server: string | null;
      idempotencyKey?: string;
    };

export interface ToolDefinition<Input = unknown> {
  name: string;
  description: string;
  /** JSON Schema of the input, as published by GET /v1/tools. */
  inputSchema: Record<string, unknown>;
  /** Validates and normalises; throws CodesparError("invalid_request") and changes nothing. */
  parse(input: unknown): Input;
  /** The action name recorded on the tool call (codespar_pay's `action`), if any. */
  actionOf?(input: Input): string;
  run(ctx: ToolContext, input: Input): Promise<ToolOutcome>;
}
