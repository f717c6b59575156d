import { Router } from "../http/router.js";
import type { StripeHandler } from "./context.js";
import { confirmPaymentIntent, createCharge, createPaymentIntent, retrieveCharge, retrievePaymentIntent } from "./payments.js";
import { createRefund, listRefunds, retrieveRefund } from "./refunds.js";

export function stripeRoutes(): Router<StripeHandler> {
  return new Router<StripeHandler>()
    .on("POST", "/v1/payment_intents", createPaymentIntent)
    .on("GET", "/v1/payment_intents/:id", retrievePaymentIntent)
    .on("POST", "/v1/payment_intents/:id/confirm", confirmPaymentIntent)
    .on("POST", "/v1/charges", createCharge)
    .on("GET", "/v1/charges/:id", retrieveCharge)
    .on("POST", "/v1/refunds", createRefund)
    .on("GET", "/v1/refunds", listRefunds)
    .on("GET", "/v1/refunds/:id", retrieveRefund);
}
