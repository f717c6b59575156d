import type { FastifyError, FastifyInstance } from "fastify";
import { CodesparError, ERROR_CODES, isCodesparError, type ErrorCode } from "@codespar/protocol";

/**
 * Every failure leaves as `{ error: { code, message, details? }, request_id }` with a code from
 * the catalogue. Framework errors (bad JSON, oversize body, wrong media type) are translated
 * here so a client never has to know Fastify's codes.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | CodesparError, request, reply) => {
    const e = toCodesparError(err);
    if (e.code === "internal_error") request.log.error({ err }, "unhandled error");
    void reply.status(e.status).send({ error: e.toJSON(), request_id: request.id });
  });
  app.setNotFoundHandler((request, reply) => {
    const e = new CodesparError("not_found", `No route ${request.method} ${request.url.split("?")[0]}`);
    void reply.status(404).send({ error: e.toJSON(), request_id: request.id });
  });
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
