import type { FaultConfig, SandboxProvider, SandboxRefundRecord, SeededPayment } from "../types.js";
import type { SandboxRequest } from "../http/request.js";
import { json, type HttpResult } from "../http/result.js";
import { FaultConfigError } from "./config.js";

/** What the control API may do to its emulator. */
export interface ControlOps {
  provider: SandboxProvider;
  getFaults(): FaultConfig;
  setFaults(f: FaultConfig): void;
  reset(): void;
  refunds(): SandboxRefundRecord[];
  createPayment(amountMinor: number, currency?: string): SeededPayment;
  requestCount(): number;
}

export const CONTROL_PREFIX = "/_sandbox";

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

/**
 * The sandbox's own API beside the provider's: no provider auth, never faulted, not
 * counted. It is how tests and the CLI steer an emulator they did not start.
 */
export function handleControl(req: SandboxRequest, ops: ControlOps): HttpResult {
  const route = `${req.method} ${req.path.replace(/\/+$/, "")}`;
  try {
    switch (route) {
      case "GET /_sandbox/health":
        return json(200, { ok: true, provider: ops.provider, requests: ops.requestCount() });
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
    if (err instanceof FaultConfigError || err instanceof RangeError) return problem(400, err.message);
    throw err;
  }
}
