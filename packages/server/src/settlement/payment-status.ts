import { CodesparError } from "@codespar/protocol";
import type { RefundAttemptRecord, SettlementEventRecord, Store, ToolCallRecord } from "../storage/index.js";

export type PaymentStatusValue = "pending" | "succeeded" | "failed" | "refunded" | "unknown";

export interface PaymentStatusEventView {
  source: SettlementEventRecord["source"];
  type: string;
  state: string;
  provider_event_id: string | null;
  at: string;
  data: Record<string, unknown>;
}

/** GET /v1/tool-calls/:id/payment-status. `status` repeats `payment_status` for SDKs that read that name. */
export interface PaymentStatusView {
  tool_call_id: string;
  payment_status: PaymentStatusValue;
  status: PaymentStatusValue;
  idempotency_key: string | null;
  server: string | null;
  payment_id: string | null;
  refund_id: string | null;
  /** Minor units the refund moved, once known. */
  amount: number | null;
  currency: string | null;
  /** The refund row's own state (in_flight, pending, succeeded, failed, unknown), null when the call made none. */
  refund_state: string | null;
  /** True when nothing more will change: a stream ends here. */
  final: boolean;
  events: PaymentStatusEventView[];
}

/**
 * The money a tool call moved and how it settled. The rule:
 * - a refund call: its refund row decides. in_flight or pending -> "pending"; failed -> "failed";
 *   unknown -> "unknown"; succeeded -> "refunded" when the payment is now fully refunded (the
 *   refund asked for everything that remained, or a provider said the payment is refunded),
 *   else "succeeded".
 * - a pay call: the created payment's state from the call (paid -> "succeeded", pending,
 *   failed/canceled -> "failed"); a call that failed before creating one -> "failed", or "unknown"
 *   when its outcome was unknown.
 * - anything else, or a call that failed before any money moved: "unknown" with no key.
 */
export class PaymentStatusService {
  constructor(private readonly store: Store) {}

  async view(projectId: string, toolCallId: string): Promise<PaymentStatusView> {
    const call = await this.store.toolCalls.get(projectId, toolCallId);
    if (!call) throw new CodesparError("not_found", `No tool call ${toolCallId} in this project`);
    const key = call.idempotency_key;
    if (call.action === "refund") {
      const row = key ? await this.store.refundAttempts.get(projectId, key) : undefined;
      if (row) return refundView(call, row, await this.store.settlement.listEvents(projectId, row.idempotency_key));
      // Still running: its key is written when it completes.
      if (call.status === "running") return emptyView(call, "pending", null, false);
    }
    if (call.action === "pay" && key && call.status !== "running") return payView(call, key);
    return emptyView(call, "unknown", null, call.status !== "running");
  }
}

function refundView(call: ToolCallRecord, row: RefundAttemptRecord, events: SettlementEventRecord[]): PaymentStatusView {
  const status = refundStatus(row, events);
  return {
    tool_call_id: call.id,
    payment_status: status,
    status,
    idempotency_key: row.idempotency_key,
    server: row.server,
    payment_id: row.payment_id,
    refund_id: row.refund_id,
    amount: row.refunded_amount,
    currency: row.currency,
    refund_state: row.state,
    final: row.state === "succeeded" || row.state === "failed",
    events: events.map(eventView),
  };
}

export function refundStatus(row: RefundAttemptRecord, events: readonly SettlementEventRecord[]): PaymentStatusValue {
  switch (row.state) {
    case "in_flight":
    case "pending":
      return "pending";
    case "failed":
      return "failed";
    case "unknown":
      return "unknown";
    case "succeeded": {
      const paymentState = [...events].reverse().find((e) => typeof e.data.payment_state === "string")?.data.payment_state;
      return row.amount === null || paymentState === "refunded" ? "refunded" : "succeeded";
    }
  }
}

function payView(call: ToolCallRecord, key: string): PaymentStatusView {
  const out = (call.output ?? {}) as Record<string, unknown>;
  const state = typeof out.status === "string" ? out.status : null;
  let status: PaymentStatusValue;
  if (call.status === "success") status = state === "paid" ? "succeeded" : state === "pending" ? "pending" : state === "failed" || state === "canceled" ? "failed" : "unknown";
  else status = call.error_code === "outcome_unknown" ? "unknown" : "failed";
  const event: PaymentStatusEventView = {
    source: "call",
    type: "payment.create",
    state: state ?? (call.status === "success" ? "unknown" : "failed"),
    provider_event_id: null,
    at: call.completed_at ?? call.created_at,
    data: { tool_call_id: call.id, payment_id: out.payment_id ?? null, error_code: call.error_code },
  };
  return {
    ...emptyView(call, status, key, true),
    server: call.server,
    payment_id: typeof out.payment_id === "string" ? out.payment_id : null,
    amount: typeof out.amount === "number" ? out.amount : null,
    currency: typeof out.currency === "string" ? out.currency : null,
    events: [event],
  };
}

function emptyView(call: ToolCallRecord, status: PaymentStatusValue, key: string | null, final: boolean): PaymentStatusView {
  return {
    tool_call_id: call.id,
    payment_status: status,
    status,
    idempotency_key: key,
    server: call.server,
    payment_id: null,
    refund_id: null,
    amount: null,
    currency: null,
    refund_state: null,
    final,
    events: [],
  };
}

function eventView(e: SettlementEventRecord): PaymentStatusEventView {
  return { source: e.source, type: e.type, state: e.state, provider_event_id: e.provider_event_id, at: e.at, data: e.data };
}
