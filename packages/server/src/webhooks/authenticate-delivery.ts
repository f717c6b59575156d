import { verifyAsaasToken } from "./signatures/asaas-token.js";
import { verifyMercadoPagoSignature } from "./signatures/mercadopago-signature.js";
import { verifyStripeSignature } from "./signatures/stripe-signature.js";
import { headerValue, type Verdict } from "./signatures/verdict.js";

export type DeliveryHeaders = Record<string, string | string[] | undefined>;

export interface DeliveryToAuthenticate {
  rawBody: Buffer;
  headers: DeliveryHeaders;
  /** Mercado Pago: the data.id that was signed. */
  dataId: string | undefined;
  secret: string;
  nowMs: number;
}

/** Each provider's own authentication of a delivery, chosen by the connection's server. */
export function authenticateDelivery(server: string, d: DeliveryToAuthenticate): Verdict {
  switch (server) {
    case "stripe":
      return verifyStripeSignature(d.rawBody, headerValue(d.headers["stripe-signature"]), d.secret, d.nowMs);
    case "mercadopago":
      return verifyMercadoPagoSignature({
        xSignature: headerValue(d.headers["x-signature"]),
        xRequestId: headerValue(d.headers["x-request-id"]),
        dataId: d.dataId,
        secret: d.secret,
        nowMs: d.nowMs,
      });
    case "asaas":
      return verifyAsaasToken(headerValue(d.headers["asaas-access-token"]), d.secret);
    default:
      return { ok: false, code: "webhook_signature_invalid", message: `No webhook authentication is known for ${server}` };
  }
}
