import { EventEmitter } from "node:events";
import type { SandboxRefundRecord } from "./types.js";

/** A refund changed state; `payload` is the provider-native object a webhook would carry. */
export interface RefundEvent {
  type: "refund.created" | "refund.updated";
  record: SandboxRefundRecord;
  payload: unknown;
}

/**
 * The seam webhook delivery will hang off: every emulator reports refund state changes
 * here, and nothing listens yet.
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
