import type { CreatePaymentInput, PaymentProvider, RefundInput } from "@codespar/providers";
import type { Pacer } from "./pacer.js";

/**
 * The adapter behind its connection's pacer: every call that reaches the provider first waits
 * for a slot. Going faster than a provider allows is not speed; it is failures.
 */
export class PacedProvider implements PaymentProvider {
  readonly id: PaymentProvider["id"];
  readonly capabilities: PaymentProvider["capabilities"];

  constructor(
    private readonly inner: PaymentProvider,
    readonly pacer: Pacer,
  ) {
    this.id = inner.id;
    this.capabilities = inner.capabilities;
  }

  matchesPaymentId(paymentId: string): boolean {
    return this.inner.matchesPaymentId(paymentId);
  }

  async refund(input: RefundInput) {
    await this.pacer.acquire();
    return this.inner.refund(input);
  }

  async getPayment(paymentId: string) {
    await this.pacer.acquire();
    return this.inner.getPayment(paymentId);
  }

  async createPayment(input: CreatePaymentInput) {
    await this.pacer.acquire();
    return this.inner.createPayment(input);
  }

  async verifyConnection() {
    await this.pacer.acquire();
    return this.inner.verifyConnection();
  }
}
