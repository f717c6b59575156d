import { EventEmitter } from "node:events";
import type { SandboxRefundRecord } from "./types.js";

/** A refund's state in words common to the three providers. */
export type RefundState = "pending" | "succeeded" | "failed";

/** A refund changed state; `payload` is the provider-native object a webhook would carry. */
export interface RefundEvent {
  type: "refund.created" | "refund.updated";
  /** "created": a new refund; "settled": a pending refund reached its final state. */
  change: "created" | "settled";
  state: RefundState;
  record: SandboxRefundRecord;
  payload: unknown;
}

/**
 * The seam between provider state and what reacts to it: every emulator reports refund
 * state changes here, synchronously, right after the change (so listeners read the state
 * exactly as it was then). Settlement timers and webhook delivery subscribe.
 */
export class SandboxEvents {
  private readonly emitter = new EventEmitter();

  onRefund(listener: (event: RefundEvent) => void): () => void {
    this.emitter.on("refund", listener);
    return () => this.emitter.off("refund", listener);
  }

  emitRefund(event: RefundEvent): void {
    this.emitter.emit("refund", event);
  }
}

/** What the emulator shell hands a provider runtime when it builds it. */
export interface RuntimeDeps {
  events: SandboxEvents;
  /** Asked once per new refund: true when it should start pending instead of succeeding at once. */
  refundStartsPending(): boolean;
}

/** The answer of a runtime asked to settle a refund. */
export type SettleResult =
  | { ok: true; record: SandboxRefundRecord }
  | { ok: false; reason: "not_found" | "not_pending" };
