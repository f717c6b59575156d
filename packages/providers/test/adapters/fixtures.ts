import { startAsaasEmulator, startMercadoPagoEmulator, startStripeEmulator, type EmulatorHandle } from "@codespar/sandbox";
import { createProvider, type PaymentProvider, type ProviderConnectionConfig, type ProviderId } from "../../src/index.js";

/** What the shared adapter suite needs to know about one provider and its emulator. */
export interface AdapterFixture {
  id: ProviderId;
  start(): Promise<EmulatorHandle>;
  currency: string;
  /** Well-shaped id of a payment that does not exist. */
  missingId: string;
  /** Fault `match` for the refund POST only, so reads before it stay healthy. */
  refundPath: string;
  /** How a 5xx before apply on the refund POST classifies: Stripe's is stored under the key (unknown). */
  refundServerErrorClass: "retryable" | "unknown";
}

export const FIXTURES: AdapterFixture[] = [
  {
    id: "stripe",
    start: () => startStripeEmulator(),
    currency: "USD",
    missingId: "pi_doesnotexist000",
    refundPath: "^/v1/refunds$",
    refundServerErrorClass: "unknown",
  },
  {
    id: "asaas",
    start: () => startAsaasEmulator(),
    currency: "BRL",
    missingId: "pay_doesnotexist000",
    refundPath: "/refund$",
    // Asaas and Mercado Pago read the payment before the POST; a 5xx there is before any write.
    refundServerErrorClass: "retryable",
  },
  {
    id: "mercadopago",
    start: () => startMercadoPagoEmulator(),
    currency: "BRL",
    missingId: "999999999999",
    refundPath: "/refunds$",
    refundServerErrorClass: "retryable",
  },
];

export function providerFor(fx: AdapterFixture, emu: EmulatorHandle, over: Partial<ProviderConnectionConfig> = {}): PaymentProvider {
  return createProvider(fx.id, { baseUrl: emu.url, apiKey: emu.key, mode: "test", timeoutMs: 2_000, ...over });
}

/** The rejection of a promise, for asserting on its fields. */
export async function failureOf(p: Promise<unknown>): Promise<Record<string, unknown> & { code: string; failureClass: string; details: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    return err as never;
  }
  throw new Error("expected a failure, got a success");
}

let keySeq = 0;
export function newKey(label = "k"): string {
  keySeq += 1;
  return `${label}-${process.pid}-${Date.now()}-${keySeq}`;
}

/** A TCP port nobody listens on: bind, read the port, close. */
export async function closedPortUrl(): Promise<string> {
  const net = await import("node:net");
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
