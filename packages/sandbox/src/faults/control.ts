import type { EmulatorHandle, FaultConfig, RefundBehaviour, SeededPayment } from "../types.js";
import type { SandboxRequest } from "../http/request.js";
import { json, type HttpResult } from "../http/result.js";
import { ConfigError } from "../config/checks.js";
import { SettleError } from "../settlement/errors.js";
import { parseWebhookUpdate } from "../webhooks/config.js";

/** What the control API may do to its emulator: the handle, with a synchronous seed. */
export type ControlOps = Pick<
  EmulatorHandle,
  | "provider"
  | "getFaults"
  | "setFaults"
  | "reset"
  | "refunds"
  | "requestCount"
  | "rateLimitedCount"
  | "getRefundBehaviour"
  | "setRefundBehaviour"
  | "settleRefund"
  | "getWebhooks"
  | "setWebhooks"
  | "getWebhookFaults"
  | "setWebhookFaults"
  | "getWebhookRetry"
  | "setWebhookRetry"
  | "deliveries"
> & { createPayment(amountMinor: number, currency?: string): SeededPayment };

export const CONTROL_PREFIX = "/_sandbox";

const SETTLE_PATH = /^\/_sandbox\/refunds\/([^/]+)\/settle$/;

export function isControlPath(path: string): boolean {
  return path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
}

function problem(status: number, message: string): HttpResult {
  return json(status, { error: message });
}

function parseBody(req: SandboxRequest): unknown {
  if (req.body.trim() === "") return {};
  return JSON.parse(req.body) as unknown;
}

function webhookSettings(ops: ControlOps): HttpResult {
  return json(200, { targets: ops.getWebhooks(), faults: ops.getWebhookFaults(), retry: ops.getWebhookRetry() });
}

/** POST /_sandbox/refunds/:id/settle { outcome }: the refund's new ledger record. */
function settle(req: SandboxRequest, ops: ControlOps, rawId: string): HttpResult {
  let id = rawId;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    // An undecodable id cannot name a refund; looking it up as-is gives the 404.
  }
  const body = parseBody(req) as { outcome?: unknown };
  try {
    return json(200, ops.settleRefund(id, body.outcome as "succeeded" | "failed"));
  } catch (err) {
    if (err instanceof SettleError) return problem(err.reason === "not_found" ? 404 : 409, err.message);
    throw err;
  }
}

/**
 * The sandbox's own API beside the provider's: no provider auth, never faulted, not
 * counted. It is how tests and the CLI steer an emulator they did not start.
 */
export function handleControl(req: SandboxRequest, ops: ControlOps): HttpResult {
  const path = req.path.replace(/\/+$/, "");
  const route = `${req.method} ${path}`;
  try {
    const settleMatch = SETTLE_PATH.exec(path);
    if (settleMatch) return req.method === "POST" ? settle(req, ops, settleMatch[1] as string) : problem(405, "use POST");
    switch (route) {
      case "GET /_sandbox/health":
        return json(200, { ok: true, provider: ops.provider, requests: ops.requestCount(), rate_limited: ops.rateLimitedCount() });
      case "GET /_sandbox/faults":
        return json(200, ops.getFaults());
      case "PUT /_sandbox/faults":
      case "POST /_sandbox/faults":
        ops.setFaults(parseBody(req) as FaultConfig);
        return json(200, ops.getFaults());
      case "POST /_sandbox/reset":
        ops.reset();
        return json(200, { ok: true });
      case "GET /_sandbox/refunds":
        return json(200, ops.refunds());
      case "GET /_sandbox/refund-behaviour":
        return json(200, ops.getRefundBehaviour());
      case "PUT /_sandbox/refund-behaviour":
      case "POST /_sandbox/refund-behaviour":
        ops.setRefundBehaviour(parseBody(req) as RefundBehaviour);
        return json(200, ops.getRefundBehaviour());
      case "GET /_sandbox/webhooks":
        return webhookSettings(ops);
      case "PUT /_sandbox/webhooks":
      case "POST /_sandbox/webhooks": {
        // Parsed whole first, so a bad part leaves every setting as it was.
        const update = parseWebhookUpdate(parseBody(req));
        if (update.targets) ops.setWebhooks(update.targets);
        if (update.faults) ops.setWebhookFaults(update.faults);
        if (update.retry) ops.setWebhookRetry(update.retry);
        return webhookSettings(ops);
      }
      case "GET /_sandbox/webhooks/deliveries":
        return json(200, ops.deliveries());
      case "POST /_sandbox/payments": {
        const body = parseBody(req) as { amount?: unknown; currency?: unknown };
        if (typeof body.amount !== "number") return problem(400, "amount (integer minor units) is required");
        if (body.currency !== undefined && typeof body.currency !== "string") return problem(400, "currency must be a string");
        return json(201, ops.createPayment(body.amount, body.currency));
      }
      default:
        return problem(404, `unknown control endpoint: ${req.method} ${req.path}`);
    }
  } catch (err) {
    if (err instanceof SyntaxError) return problem(400, "body must be JSON");
    if (err instanceof ConfigError || err instanceof RangeError) return problem(400, err.message);
    throw err;
  }
}
