import type { ServerResponse } from "node:http";

/**
 * An answer not yet written. Handlers return these instead of writing, so idempotency
 * stores can keep them and faults can swap them for something else after the fact.
 */
export interface HttpResult {
  status: number;
  headers?: Record<string, string>;
  /** JSON body; undefined means an empty body. */
  body?: unknown;
  /**
   * Set on answers an idempotency layer must not remember: the real providers save a
   * result only once the endpoint has started executing, not for parameter validation.
   */
  noReplay?: boolean;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): HttpResult {
  return headers ? { status, body, headers } : { status, body };
}

export function empty(status: number, headers?: Record<string, string>): HttpResult {
  return headers ? { status, headers } : { status };
}

export function notReplayable(result: HttpResult): HttpResult {
  return { ...result, noReplay: true };
}

export function withHeaders(result: HttpResult, extra: Record<string, string>): HttpResult {
  return { ...result, headers: { ...result.headers, ...extra } };
}

export function writeResult(res: ServerResponse, result: HttpResult): void {
  if (res.destroyed || res.writableEnded) return;
  const payload = result.body === undefined ? "" : JSON.stringify(result.body);
  const headers: Record<string, string | number> = { ...result.headers, "Content-Length": Buffer.byteLength(payload) };
  if (result.body !== undefined) headers["Content-Type"] = "application/json; charset=utf-8";
  res.writeHead(result.status, headers);
  res.end(payload);
}
