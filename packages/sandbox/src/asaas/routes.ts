import { Router } from "../http/router.js";
import type { AsaasHandler } from "./context.js";
import { createCustomer, retrieveCustomer } from "./customers.js";
import { confirmInSandbox, createPayment, listPayments, receiveInCash, retrievePayment } from "./payments.js";
import { refundPayment } from "./refunds.js";

export function asaasRoutes(): Router<AsaasHandler> {
  return new Router<AsaasHandler>()
    .on("POST", "/v3/customers", createCustomer)
    .on("GET", "/v3/customers/:id", retrieveCustomer)
    .on("POST", "/v3/payments", createPayment)
    .on("GET", "/v3/payments", listPayments)
    .on("GET", "/v3/payments/:id", retrievePayment)
    .on("POST", "/v3/payments/:id/receiveInCash", receiveInCash)
    .on("POST", "/v3/payments/:id/refund", refundPayment)
    .on("POST", "/v3/sandbox/payment/:id/confirm", confirmInSandbox);
}
