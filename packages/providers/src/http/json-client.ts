import type { RateLimitSignal } from "../contract.js";
import type { WireFailure } from "../errors/wire-failure.js";
import { normalizeHeaders, type HeaderMap } from "./headers.js";
import { emitRateLimitSignal } from "./rate-limit.js";
import { classifyTransportError, type TransportClass } from "./transport.js";

export interface JsonClientOptions {
  /** Prefix for every path, without trailing slash, e.g. https://api.asaas.com/v3. */
  baseUrl: string;
  /** Sent on every request: auth, User-Agent. */
  headers: Record<string, string>;
  /** Whole exchange (connect, send, headers, body) must finish within this. */
  timeoutMs: number;
  onRateLimitSignal?: ((signal: RateLimitSignal) => void) | undefined;
  /** Awaited before each request (the connection's pacer); what it throws propagates, nothing sent. */
  awaitTurn?: (() => Promise<void>) | undefined;
}

export interface JsonRequest {
  method: "GET" | "POST";
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface JsonAnswer {
  phase: "response";
  status: number;
  headers: HeaderMap;
  /** Parsed JSON, the raw text when it is not JSON, undefined when empty. */
  body: unknown;
}

export type JsonResult = JsonAnswer | TransportClass;

/**
 * A thin JSON-over-fetch client. It never throws for a provider answer or a network failure:
 * it returns what happened, and the adapter's error-mapping function decides what it means.
 */
export class JsonClient {
  constructor(private readonly options: JsonClientOptions) {}

  async send(req: JsonRequest): Promise<JsonResult> {
    const headers: Record<string, string> = { Accept: "application/json", ...this.options.headers, ...req.headers };
    const init: RequestInit = { method: req.method, headers, signal: AbortSignal.timeout(this.options.timeoutMs) };
    if (req.body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(req.body);
    }
    await this.options.awaitTurn?.();
    try {
      const res = await fetch(`${this.options.baseUrl}${req.path}`, init);
      const answerHeaders = normalizeHeaders(res.headers);
      // Read the body under the same timeout: a provider that applied a refund and then stalls
      // mid-body has still applied it, and that must surface as a failure, not a hang.
      const text = await res.text();
      emitRateLimitSignal(this.options.onRateLimitSignal, res.status, answerHeaders);
      return { phase: "response", status: res.status, headers: answerHeaders, body: parseBody(text) };
    } catch (err) {
      return classifyTransportError(err);
    }
  }
}

function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function isSuccess(result: JsonResult): result is JsonAnswer {
  return result.phase === "response" && result.status >= 200 && result.status < 300;
}

export function toWireFailure(result: JsonResult, mutating: boolean): WireFailure {
  if (result.phase === "response") {
    return { phase: "response", mutating, status: result.status, headers: result.headers, body: result.body };
  }
  const failure: WireFailure = { phase: result.phase, mutating };
  if (result.transportCode !== undefined) failure.transportCode = result.transportCode;
  return failure;
}
