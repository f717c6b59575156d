import { PROVIDER_IDS, type Capability, type ProviderId } from "@codespar/providers";

export interface ServerInfo {
  id: ProviderId;
  name: string;
  domain: "payments";
  countries: string[];
  currencies: string[];
  capabilities: Capability[];
  description: string;
}

/** The MCP-style "servers" a session can name: one per provider adapter. */
export const SERVERS: Record<ProviderId, ServerInfo> = {
  stripe: {
    id: "stripe",
    name: "Stripe",
    domain: "payments",
    countries: ["US", "MX", "BR"],
    currencies: ["USD", "MXN", "BRL"],
    capabilities: ["refund", "status", "pay"],
    description: "Cards and wallets through Stripe PaymentIntents and Charges.",
  },
  asaas: {
    id: "asaas",
    name: "Asaas",
    domain: "payments",
    countries: ["BR"],
    currencies: ["BRL"],
    capabilities: ["refund", "status", "pay"],
    description: "Pix, boleto and cards in Brazil.",
  },
  mercadopago: {
    id: "mercadopago",
    name: "Mercado Pago",
    domain: "payments",
    countries: ["BR", "MX", "AR", "CL", "CO", "PE", "UY"],
    currencies: ["BRL", "MXN", "ARS", "CLP", "COP", "PEN", "UYU"],
    capabilities: ["refund", "status", "pay"],
    description: "Payments across Latin America through Mercado Pago.",
  },
};

export function isServerId(value: string): value is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(value);
}
