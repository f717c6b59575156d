import type { Socket } from "node:net";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { CodesparError, ERROR_CODES, isCodesparError, type ErrorCode } from "@codespar/protocol";
import { randomBase62 } from "../ids.js";
import { redactSecrets } from "./secret-redaction.js";

/**
 * Every failure leaves as `{ error: { code, message, details? }, request_id }` with a code from
 * the catalogue. Framework errors (bad JSON, oversize body, wrong media type) are translated
 * here so a client never has to know Fastify's codes.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | CodesparError, request, reply) => {
    const e = toCodesparError(err);
    if (e.code === "internal_error") request.log.error({ err }, "unhandled error");
    void reply.status(e.status).send(envelope(e, request.id));
  });
  app.setNotFoundHandler((request, reply) => {
    const e = new CodesparError("not_found", `No route ${request.method} ${request.url.split("?")[0]}`);
    void reply.status(404).send(envelope(e, request.id));
  });
  // Fastify parses text/plain as a string by default; removed, it gets the same 415 as every other non-JSON type.
  app.removeContentTypeParser("text/plain");
}

/**
 * Fastify's `frameworkErrors` option: a URL that cannot be decoded or a path parameter over the
 * router's length limit is refused before any hook runs, by default in Fastify's own shape.
 */
export function answerFrameworkError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  // Fastify's messages quote the raw path; these say what is wrong without repeating it.
  const e =
    err.code === "FST_ERR_BAD_URL" ? new CodesparError("invalid_request", "The URL path is not valid percent-encoded UTF-8")
    : err.code === "FST_ERR_MAX_PARAM_LENGTH" ? new CodesparError("invalid_request", "A path parameter is longer than the server accepts", undefined, 414)
    : toCodesparError(err);
  void reply.header("x-request-id", request.id).status(e.status).send(envelope(e, request.id));
}

/**
 * Fastify's `clientErrorHandler` option: what Node's HTTP parser refuses (headers too large,
 * a request that is not HTTP) is answered on the raw socket, still in the error envelope.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const status = err.code === "HPE_HEADER_OVERFLOW" ? 431 : err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const message = status === 431 ? "Request headers are larger than the server accepts" : status === 408 ? "The request was not received in time" : "The request is not valid HTTP";
  const requestId = `req_${randomBase62(20)}`;
  const body = JSON.stringify(envelope(new CodesparError("invalid_request", message, undefined, status), requestId));
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}

const STATUS_TEXT: Record<number, string> = { 400: "Bad Request", 408: "Request Timeout", 431: "Request Header Fields Too Large" };

/**
 * The error as sent. Messages and details echo what the client sent (an id, a tool name, a
 * path), and a client may have sent a key there: anything shaped like a credential is replaced.
 */
function envelope(e: CodesparError, requestId: string): { error: ReturnType<CodesparError["toJSON"]>; request_id: string } {
  try {
    return { error: JSON.parse(redactSecrets(JSON.stringify(e.toJSON()))) as ReturnType<CodesparError["toJSON"]>, request_id: requestId };
  } catch {
    // Redaction never breaks the JSON (no pattern spans a quote or backslash); if it ever did, say less rather than fail.
    return { error: { code: e.code, message: ERROR_CODES[e.code].description }, request_id: requestId };
  }
}

function toCodesparError(err: FastifyError | CodesparError): CodesparError {
  if (isCodesparError(err)) return err;
  const code = (err as FastifyError).code;
  if (code === "FST_ERR_CTP_BODY_TOO_LARGE") return new CodesparError("payload_too_large", "Request body is larger than the server accepts");
  if (code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return new CodesparError("invalid_request", "Content-Type must be application/json", undefined, 415);
  if (code === "FST_ERR_CTP_EMPTY_JSON_BODY") return new CodesparError("invalid_request", "Body is empty but Content-Type is application/json");
  if (code === "FST_ERR_CTP_INVALID_JSON_BODY" || (err instanceof SyntaxError && (err as FastifyError).statusCode === 400)) {
    return new CodesparError("invalid_request", "Body is not valid JSON");
  }
  if ((err as FastifyError).validation) return new CodesparError("invalid_request", err.message);
  const status = (err as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    const byStatus: Partial<Record<number, ErrorCode>> = { 401: "unauthorized", 403: "forbidden", 404: "not_found", 413: "payload_too_large", 429: "rate_limited" };
    return new CodesparError(byStatus[status] ?? "invalid_request", err.message, undefined, status);
  }
  return new CodesparError("internal_error", ERROR_CODES.internal_error.description);
}
