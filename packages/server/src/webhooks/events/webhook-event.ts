import type { PaymentState } from "@codespar/providers";
import type { RefundObservation } from "../../settlement/observation.js";

export type { RefundObservation };

/** A provider's webhook body reduced to what settlement needs. */
export interface WebhookEvent {
  /** The provider's event id: duplicates of one delivery share it. */
  eventId: string;
  type: string;
  /** False for event types that say nothing about refunds; they are acknowledged and kept, nothing more. */
  relevant: boolean;
  observations: RefundObservation[];
  /** When the event does not carry the refunds themselves, the payment to read them from. */
  lookupPaymentId?: string;
  /** The payment's state when the event says it (a charge with refunded: true is fully refunded). */
  paymentState?: PaymentState;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  if (typeof v === "string" && v !== "") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

/** JSON, or undefined when the body is not a JSON object. */
export function parseJsonObject(raw: Buffer): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(raw.toString("utf8"));
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
