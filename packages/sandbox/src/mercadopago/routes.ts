import { Router } from "../http/router.js";
import type { MpHandler } from "./context.js";
import { createPayment, retrievePayment } from "./payments.js";
import { createRefund, listRefunds, retrieveRefund } from "./refunds.js";

export const REFUNDS_PATH = /^\/v1\/payments\/[^/]+\/refunds\/?$/;

export function mercadoPagoRoutes(): Router<MpHandler> {
  return new Router<MpHandler>()
    .on("POST", "/v1/payments", createPayment)
    .on("GET", "/v1/payments/:id", retrievePayment)
    .on("POST", "/v1/payments/:id/refunds", createRefund)
    .on("GET", "/v1/payments/:id/refunds", listRefunds)
    .on("GET", "/v1/payments/:id/refunds/:refundId", retrieveRefund);
}
