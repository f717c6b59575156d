import { decimalToMinor, minorToDecimal } from "@codespar/protocol";
import type {
  Capability,
  CreatePaymentInput,
  PaymentProvider,
  PaymentSnapshot,
  ProviderConnectionConfig,
  RefundInput,
  RefundOutcome,
} from "../contract.js";
import { checkConfig, type CheckedConfig } from "../options.js";
import { checkCreatePaymentInput, checkRefundInput } from "../refund-input.js";
import { MercadoPagoClient } from "./client.js";
import { MERCADOPAGO_PAYMENT_ID, mercadoPagoRefundState, mercadoPagoSnapshot } from "./mapping.js";

/** Mercado Pago over plain fetch, with its X-Idempotency-Key making refunds replay-safe. */
export class MercadoPagoProvider implements PaymentProvider {
  static readonly id = "mercadopago" as const;
  readonly id = MercadoPagoProvider.id;
  readonly capabilities: readonly Capability[] = ["refund", "status", "pay"];
  private readonly config: CheckedConfig;
  private readonly client: MercadoPagoClient;

  constructor(config: ProviderConnectionConfig) {
    this.config = checkConfig("mercadopago", config);
    this.client = new MercadoPagoClient(this.config);
  }

  matchesPaymentId(paymentId: string): boolean {
    return MERCADOPAGO_PAYMENT_ID.test(paymentId);
  }

  async refund(input: RefundInput): Promise<RefundOutcome> {
    checkRefundInput("mercadopago", input, (id) => this.matchesPaymentId(id));
    // The read gives the currency (Mercado Pago takes major units), fails fast on a missing
    // payment, and lists the refunds that existed before, which is how a replay is recognised.
    const before = await this.client.getPayment(input.paymentId);
    const amount = input.amount === undefined ? undefined : minorToDecimal(input.amount, before.currency);
    const refund = await this.client.refund(input.paymentId, amount, input.idempotencyKey, { paymentStatus: before.status });
    const replayed = before.refunds.some((r) => r.id === refund.id);
    return {
      refundId: refund.id,
      paymentId: input.paymentId,
      amount: decimalToMinor(refund.amount, before.currency),
      currency: before.currency,
      state: mercadoPagoRefundState(refund.status),
      replayed,
      providerStatus: refund.status,
      raw: refund.raw,
    };
  }

  async getPayment(paymentId: string): Promise<PaymentSnapshot> {
    return mercadoPagoSnapshot(await this.client.getPayment(paymentId));
  }

  async createPayment(input: CreatePaymentInput): Promise<PaymentSnapshot> {
    checkCreatePaymentInput("mercadopago", input);
    const currency = input.currency.toUpperCase();
    const body: Record<string, unknown> = {
      transaction_amount: minorToDecimal(input.amount, currency),
      description: input.description ?? "CodeSpar payment",
      payment_method_id: "pix",
      payer: { email: input.customer?.email ?? "test_user@testuser.com" },
      external_reference: input.idempotencyKey,
    };
    return mercadoPagoSnapshot(await this.client.createPayment(body, input.idempotencyKey));
  }

  async verifyConnection(): Promise<void> {
    await this.client.verify();
  }
}
