import { z } from "zod";
import { CodesparError } from "@codespar/protocol";
import { randomUUID } from "node:crypto";
import type { ToolContext, ToolDefinition, ToolOutcome } from "../tool-definition.js";
import { parseInput } from "../../validation.js";
import { payToolInput, type PayActionInput, type PayToolInput, type RefundToolInput, type StatusToolInput } from "./pay-schema.js";
import { classifyFailure } from "../../ledger/provider-failure.js";
import { SERVERS } from "../../catalog/servers.js";

/** codespar_pay: refund, status and pay, routed to the provider that holds the payment. */
export const payTool: ToolDefinition<PayToolInput> = {
  name: "codespar_pay",
  description: "Move money: refund a payment (amount in minor units; absent = all that remains), read a payment's status, or create a payment.",
  inputSchema: z.toJSONSchema(payToolInput) as Record<string, unknown>,
  parse: (input) => parseInput(payToolInput, input, "codespar_pay"),
  actionOf: (input) => input.action,
  async run(ctx, input) {
    switch (input.action) {
      case "refund":
        return refund(ctx, input);
      case "status":
        return status(ctx, input);
      case "pay":
        return pay(ctx, input);
    }
  },
};

async function refund(ctx: ToolContext, input: RefundToolInput): Promise<ToolOutcome> {
  const route = await ctx.router.route({
    projectId: ctx.project.id,
    mode: ctx.mode,
    sessionServers: ctx.scope.servers,
    paymentId: input.payment_id,
    server: input.server,
  });
  return ctx.refunds.refund({
    projectId: ctx.project.id,
    route,
    toolCallId: ctx.toolCallId,
    paymentId: input.payment_id,
    amount: input.amount,
    reason: input.reason,
    idempotencyKey: input.idempotency_key,
    oncePerDay: input.once_per_day ?? ctx.oncePerDayDefault,
  });
}

async function status(ctx: ToolContext, input: StatusToolInput): Promise<ToolOutcome> {
  const route = await ctx.router.route({
    projectId: ctx.project.id,
    mode: ctx.mode,
    sessionServers: ctx.scope.servers,
    paymentId: input.payment_id,
    server: input.server,
  });
  try {
    const p = await ctx.connections.providerFor(route.connection).getPayment(input.payment_id);
    const data = {
      payment_id: p.paymentId,
      status: p.state,
      provider_status: p.providerStatus,
      amount: p.amount,
      currency: p.currency,
      amount_refunded: p.amountRefunded,
      refundable: Math.max(0, p.amount - p.amountRefunded),
      refunds: p.refunds.map((r) => ({ refund_id: r.refundId, amount: r.amount, status: r.state, provider_status: r.providerStatus, created_at: r.createdAt })),
    };
    return { success: true, data, server: route.server };
  } catch (err) {
    const f = classifyFailure(err);
    return { success: false, error_code: f.code, error: f.message, data: { payment_id: input.payment_id, details: f.details }, server: route.server };
  }
}

async function pay(ctx: ToolContext, input: PayActionInput): Promise<ToolOutcome> {
  const server = input.server ?? onlyServer(ctx);
  if (!ctx.scope.servers.includes(server)) throw new CodesparError("invalid_request", `Server ${server} is not one of this session's servers`, { field: "server" });
  const currency = input.currency.toUpperCase();
  if (!SERVERS[server].currencies.includes(currency)) {
    throw new CodesparError("invalid_request", `${SERVERS[server].name} does not take ${currency} (takes ${SERVERS[server].currencies.join(", ")})`, { field: "currency" });
  }
  const connection = await ctx.connections.find(ctx.project.id, server, ctx.mode);
  if (!connection) throw new CodesparError("provider_not_connected", `This project has no ${ctx.mode} connection for ${server}`, { server });
  const idempotencyKey = input.idempotency_key ?? `csp_${randomUUID()}`;
  try {
    const p = await ctx.connections.providerFor(connection).createPayment({
      amount: input.amount,
      currency,
      idempotencyKey,
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.customer !== undefined ? { customer: input.customer } : {}),
    });
    await ctx.store.paymentRoutes.record({ project_id: ctx.project.id, payment_id: p.paymentId, server, created_at: new Date().toISOString() });
    await ctx.events.emit("payment.created", { projectId: ctx.project.id, toolCallId: ctx.toolCallId, server, paymentId: p.paymentId, amount: p.amount, currency: p.currency, idempotencyKey });
    const data = { payment_id: p.paymentId, status: p.state, provider_status: p.providerStatus, amount: p.amount, currency: p.currency, idempotency_key: idempotencyKey };
    return { success: true, data, server, idempotencyKey };
  } catch (err) {
    const f = classifyFailure(err);
    return { success: false, error_code: f.code, error: f.message, data: { amount: input.amount, currency, idempotency_key: idempotencyKey, details: f.details }, server, idempotencyKey };
  }
}

function onlyServer(ctx: ToolContext): "stripe" | "asaas" | "mercadopago" {
  const servers = ctx.scope.servers.filter((s): s is "stripe" | "asaas" | "mercadopago" => s in SERVERS);
  if (servers.length !== 1 || !servers[0]) throw new CodesparError("invalid_request", "This session has several servers; pass \"server\" to say where to create the payment", { field: "server" });
  return servers[0];
}
