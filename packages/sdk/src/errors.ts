import type { ToolResult } from "./types.js";

/**
 * Every failure the SDK throws about a request carries a stable `code`, so callers switch on
 * `err.code`, never on message text. `status` is the HTTP status, or 0 when no response
 * arrived (network failure) or the problem was found before sending (bad API key).
 */
export class CodesparApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The parsed response body (the error envelope, usually), or undefined when there was none. */
  readonly body: unknown;
  /** From the envelope's `request_id` or the X-Request-Id header; quote it when reporting. */
  readonly requestId: string | undefined;
  /** The envelope's `error.details`: the provider's own code and message, the offending field. */
  readonly details: Record<string, unknown> | undefined;
  /** From a Retry-After header, so a retry waits at least as long as the server asked. */
  readonly retryAfterMs: number | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    body?: unknown;
    requestId?: string | undefined;
    details?: Record<string, unknown> | undefined;
    retryAfterMs?: number | undefined;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "CodesparApiError";
    this.status = init.status;
    this.code = init.code;
    this.body = init.body;
    this.requestId = init.requestId;
    this.details = init.details;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** The request got no complete answer within the client's `timeout`. */
export class TimeoutError extends Error {
  readonly code = "timeout";
  readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number) {
    super(message);
    this.name = "TimeoutError";
    this.timeoutMs = timeoutMs;
  }
}

/**
 * What `onStepError` receives: an Error (so logging it prints a stack and the fields) that wraps
 * the step's failed ToolResult. `cause` is the thrown error when the step threw rather than
 * returning a failed result.
 */
export class StepError extends Error {
  readonly code: string;
  readonly result: ToolResult;

  constructor(result: ToolResult, cause?: unknown) {
    super(result.error ?? `Step ${result.tool} failed`, cause === undefined ? undefined : { cause });
    this.name = "StepError";
    this.code = result.error_code ?? "internal_error";
    this.result = result;
  }
}

/** Codes for answers that carry no CodeSpar envelope (a proxy's 502 page, say). */
const CODE_FOR_STATUS: Record<number, string> = {
  400: "invalid_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  413: "payload_too_large",
  429: "rate_limited",
};

export function apiErrorFromResponse(status: number, body: unknown, headers: Headers): CodesparApiError {
  const envelope = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const code = typeof envelope?.code === "string" ? envelope.code : (CODE_FOR_STATUS[status] ?? (status >= 500 ? "internal_error" : "http_error"));
  const message =
    typeof envelope?.message === "string" ? envelope.message : `The server answered HTTP ${status} without a CodeSpar error body`;
  const requestId = (isRecord(body) && typeof body.request_id === "string" ? body.request_id : undefined) ?? headers.get("x-request-id") ?? undefined;
  return new CodesparApiError({
    status,
    code,
    message,
    body,
    requestId,
    details: isRecord(envelope?.details) ? envelope.details : undefined,
    retryAfterMs: parseRetryAfter(headers.get("retry-after")),
  });
}

export function invalidResponse(what: string, body: unknown, status = 200): CodesparApiError {
  return new CodesparApiError({ status, code: "invalid_response", message: `Unexpected response from CodeSpar: ${what}`, body });
}

/** A tool that reported failure, for the typed helpers that return `data` and so must throw. */
export function toolFailure(result: ToolResult): CodesparApiError {
  return new CodesparApiError({
    status: 200,
    code: result.error_code ?? "internal_error",
    message: result.error ?? `Tool ${result.tool} failed`,
    body: result,
  });
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 section 10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
