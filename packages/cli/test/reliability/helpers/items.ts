import { createProvider } from "@codespar/providers";
import type { Sandbox, SeededPayment } from "@codespar/sandbox";
import { intIn, pick, shuffle, type Rng } from "./prng.js";

export const PROVIDERS = ["stripe", "asaas", "mercadopago"] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Currencies each emulator seeds; non-USD ones make the refund cross-border for billing. */
const CURRENCIES: Record<Provider, readonly string[]> = { stripe: ["USD", "MXN", "BRL"], asaas: ["BRL"], mercadopago: ["BRL", "MXN"] };

export type DesignedCode = "payment_not_found" | "amount_exceeds_refundable" | "already_refunded";

/** A payment the batch must refund exactly once, for `amount` (what the refund must show). */
export interface RefundablePlan {
  kind: "refund";
  server: Provider;
  paymentId: string;
  payment: SeededPayment;
  amount: number;
  /** partial: less than the payment; full: the whole amount asked explicitly; implicit: no amount (everything left). */
  shape: "partial" | "full" | "implicit";
  input: Record<string, unknown>;
}

/** An item that must fail with exactly `expect` and move no money. */
export interface DesignedPlan {
  kind: "designed";
  server: Provider;
  paymentId: string;
  expect: DesignedCode;
  input: Record<string, unknown>;
}

export type ItemPlan = RefundablePlan | DesignedPlan;

export interface RoundItems {
  items: ItemPlan[];
  /** Refunds that existed before the batch (made "from the provider's dashboard"), excluded from every count. */
  preexisting: Set<string>;
}

/**
 * Seeds the round's payments in the emulators (before any fault is switched on) and plans one
 * item per payment, plus per provider `designedEach` items of each designed failure, shuffled
 * so the failures are spread through the batch and across kills.
 */
export async function planItems(sandbox: Sandbox, r: Rng, refundable: number, designedEach: number, tag: string): Promise<RoundItems> {
  const items: ItemPlan[] = [];
  for (let i = 0; i < refundable; i++) {
    const server = PROVIDERS[i % PROVIDERS.length] as Provider;
    const payment = await sandbox[server].createPayment(intIn(r, 200, 40_000), pick(r, CURRENCIES[server]));
    const roll = r();
    const shape = roll < 0.4 ? "partial" : roll < 0.7 ? "full" : "implicit";
    const amount = shape === "partial" ? intIn(r, 50, payment.amount - 1) : payment.amount;
    const input = { action: "refund", payment_id: payment.payment_id, reason: `reliability ${tag}`, ...(shape === "implicit" ? {} : { amount }) };
    items.push({ kind: "refund", server, paymentId: payment.payment_id, payment, amount, shape, input });
  }
  for (const server of PROVIDERS) {
    for (let i = 0; i < designedEach; i++) {
      const missing = unknownPaymentId(server, r, `${tag}x${i}`);
      items.push(designed(server, missing, "payment_not_found", { amount: intIn(r, 100, 5000) }));
      const over = await sandbox[server].createPayment(intIn(r, 200, 20_000), pick(r, CURRENCIES[server]));
      items.push(designed(server, over.payment_id, "amount_exceeds_refundable", { amount: over.amount + intIn(r, 1, over.amount) }));
      const elsewhere = await sandbox[server].createPayment(intIn(r, 200, 20_000), pick(r, CURRENCIES[server]));
      await refundOutsideCodespar(sandbox, elsewhere);
      // Half ask for the full amount, half for everything left: both must say "already refunded".
      items.push(designed(server, elsewhere.payment_id, "already_refunded", i % 2 === 0 ? { amount: elsewhere.amount } : {}));
    }
  }
  const preexisting = new Set(PROVIDERS.flatMap((p) => sandbox[p].refunds().map(ledgerId)));
  return { items: shuffle(r, items), preexisting };
}

function designed(server: Provider, paymentId: string, expect: DesignedCode, extra: Record<string, unknown>): DesignedPlan {
  return { kind: "designed", server, paymentId, expect, input: { action: "refund", payment_id: paymentId, reason: `designed: ${expect}`, ...extra } };
}

/** An id of the provider's shape (so it routes there) that the emulator never issued. */
function unknownPaymentId(server: Provider, r: Rng, tag: string): string {
  if (server === "stripe") return `pi_${tag.replace(/[^A-Za-z0-9]/g, "")}NotFound`;
  if (server === "asaas") return `pay_${tag.replace(/[^A-Za-z0-9]/g, "")}missing`;
  // Mercado Pago's emulator issues 11-digit ids; 19 digits can never collide.
  return `9${String(intIn(r, 0, 999_999_999)).padStart(9, "0")}${String(intIn(r, 0, 999_999_999)).padStart(9, "0")}`;
}

/** A full refund straight at the provider, as from its dashboard, before the batch runs. */
async function refundOutsideCodespar(sandbox: Sandbox, p: SeededPayment): Promise<void> {
  const server = p.server as Provider;
  const provider = createProvider(server, { baseUrl: sandbox[server].url, apiKey: sandbox[server].key, mode: "test" });
  await provider.refund({ paymentId: p.payment_id, idempotencyKey: `dashboard-${p.payment_id}`, firstAttempt: true });
}

/** Refund ids are only unique per provider. */
export function ledgerId(r: { provider: string; refund_id: string }): string {
  return `${r.provider}:${r.refund_id}`;
}
