/** Why a refund could not be settled by hand; the control API answers 404 and 409. */
export type SettleFailure = "not_found" | "not_pending";

export class SettleError extends Error {
  constructor(
    readonly reason: SettleFailure,
    readonly refundId: string,
  ) {
    super(reason === "not_found" ? `no such refund: ${refundId}` : `refund ${refundId} is not pending`);
    this.name = "SettleError";
  }
}

/** Refuses anything but the two outcomes a pending refund can have. */
export function assertOutcome(outcome: unknown): asserts outcome is "succeeded" | "failed" {
  if (outcome !== "succeeded" && outcome !== "failed") throw new RangeError('outcome must be "succeeded" or "failed"');
}
