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
import { isProviderError, ProviderError } from "../errors/provider-error.js";
import { checkConfig, type CheckedConfig } from "../options.js";
import { checkCreatePaymentInput, checkRefundInput } from "../refund-input.js";
import { AsaasClient } from "./client.js";
import { ASAAS_CURRENCY, ASAAS_PAYMENT_ID, asaasSnapshot, parseAsaasPayment, type AsaasPayment, type AsaasRefund } from "./mapping.js";
import { newRefundOf, refundOutcome, taggedRefund } from "./refund-lookup.js";
import { isTaggableKey, refundDescription } from "./tag.js";

// Asaas requires a CPF/CNPJ on customers; this one is the valid test CPF of Asaas's own examples.
const TEST_CPF = "24971563792";

/** Asaas over plain fetch. It has no idempotency keys: a tagged description plus read-back stands in. */
export class AsaasProvider implements PaymentProvider {
  static readonly id = "asaas" as const;
  readonly id = AsaasProvider.id;
  readonly capabilities: readonly Capability[] = ["refund", "status", "pay"];
  private readonly config: CheckedConfig;
  private readonly client: AsaasClient;

  constructor(config: ProviderConnectionConfig) {
    this.config = checkConfig("asaas", config);
    this.client = new AsaasClient(this.config);
  }

  matchesPaymentId(paymentId: string): boolean {
    return ASAAS_PAYMENT_ID.test(paymentId);
  }

  async refund(input: RefundInput): Promise<RefundOutcome> {
    checkRefundInput("asaas", input, (id) => this.matchesPaymentId(id));
    const key = input.idempotencyKey;
    if (!isTaggableKey(key)) {
      throw new ProviderError("invalid_request", "idempotency_key must not contain ']' or spaces for Asaas.", "fatal", {
        provider: "asaas",
        field: "idempotency_key",
      });
    }
    // Read first unless this is the very first send of the key: a refund carrying our tag means
    // an earlier attempt already applied it. A first send has nothing to find, and skipping the
    // read halves the requests a refund spends from Asaas's budget.
    const before = input.firstAttempt === true ? undefined : await this.client.getPayment(input.paymentId);
    if (before !== undefined) {
      const existing = taggedRefund(before, key);
      if (existing !== undefined) return refundOutcome(before, existing, true);
      if (before.status === "REFUNDED") {
        throw new ProviderError("already_refunded", "The payment is already refunded at Asaas.", "fatal", {
          provider: "asaas",
          provider_code: before.status,
        });
      }
    }

    const body: { value?: number; description: string } = { description: refundDescription(input.reason, key) };
    if (input.amount !== undefined) body.value = minorToDecimal(input.amount, ASAAS_CURRENCY);
    const answer = await this.client.refund(input.paymentId, body);

    const after = parseAsaasPayment(answer.body);
    const mine = after === undefined ? undefined : (taggedRefund(after, key) ?? (before ? newRefundOf(before, after, input.amount) : undefined));
    if (after !== undefined && mine !== undefined) return refundOutcome(after, mine, false);
    return this.readBackAfterApply(input.paymentId, key, before, input.amount);
  }

  async getPayment(paymentId: string): Promise<PaymentSnapshot> {
    return asaasSnapshot(await this.client.getPayment(paymentId));
  }

  async createPayment(input: CreatePaymentInput): Promise<PaymentSnapshot> {
    checkCreatePaymentInput("asaas", input);
    if (input.currency.toUpperCase() !== ASAAS_CURRENCY) {
      throw new ProviderError("invalid_request", "Asaas only takes BRL.", "fatal", { provider: "asaas", field: "currency" });
    }
    const value = minorToDecimal(input.amount, ASAAS_CURRENCY);
    const today = saoPauloDate(new Date());
    // No idempotency at Asaas: the key rides as externalReference, so a retry finds the first charge.
    const earlier = await this.client.findPaymentByReference(input.idempotencyKey);
    if (earlier !== undefined) {
      if (earlier.status !== "PENDING") return asaasSnapshot(earlier);
      const earlierValue = minorToDecimal(decimalToMinor(earlier.value, ASAAS_CURRENCY), ASAAS_CURRENCY);
      return asaasSnapshot(await this.client.receiveInCash(earlier.id, { paymentDate: today, value: earlierValue, notifyCustomer: false }));
    }
    const customer: { name: string; cpfCnpj: string; email?: string } = {
      name: input.customer?.name ?? "CodeSpar test customer",
      cpfCnpj: input.customer?.document ?? TEST_CPF,
    };
    if (input.customer?.email !== undefined) customer.email = input.customer.email;
    const customerId = await this.client.createCustomer(customer);
    const created = await this.client.createPayment({
      customer: customerId,
      billingType: "PIX",
      value,
      dueDate: today,
      description: input.description ?? "CodeSpar payment",
      externalReference: input.idempotencyKey,
    });
    // A Pix charge is refundable only once received; receiveInCash settles it without a payer.
    const received = await this.client.receiveInCash(created.id, { paymentDate: today, value, notifyCustomer: false });
    return asaasSnapshot(received);
  }

  async verifyConnection(): Promise<void> {
    await this.client.verify();
  }

  /**
   * The POST succeeded but its answer did not show our refund: read the payment again. Any
   * failure here is `outcome_unknown`, never retryable, because the refund was accepted.
   */
  private async readBackAfterApply(paymentId: string, key: string, before: AsaasPayment | undefined, amount: number | undefined): Promise<RefundOutcome> {
    let after: AsaasPayment;
    try {
      after = await this.client.getPayment(paymentId);
    } catch (err) {
      const cause = isProviderError(err) ? { cause_code: err.code, ...err.details } : { provider: "asaas" as const };
      throw new ProviderError("outcome_unknown", "Asaas accepted the refund but it could not be read back.", "unknown", { ...cause, provider: "asaas" });
    }
    const mine: AsaasRefund | undefined = taggedRefund(after, key) ?? (before ? newRefundOf(before, after, amount) : undefined);
    if (mine !== undefined) return refundOutcome(after, mine, false);
    throw new ProviderError("outcome_unknown", "Asaas accepted the refund but it does not appear on the payment yet.", "unknown", { provider: "asaas" });
  }
}

/** Asaas dates are calendar days in Brazil, not UTC. */
function saoPauloDate(now: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Sao_Paulo", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}
