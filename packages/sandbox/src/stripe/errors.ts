import { json, notReplayable, type HttpResult } from "../http/result.js";

export interface StripeErrorFields {
  type: "invalid_request_error" | "api_error" | "card_error" | "idempotency_error";
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
}

/** Stripe's envelope; like Stripe, absent fields are left out rather than null. */
export function stripeError(status: number, fields: StripeErrorFields, headers?: Record<string, string>): HttpResult {
  const error: Record<string, string> = { type: fields.type, message: fields.message };
  if (fields.code) {
    error.code = fields.code;
    error.doc_url = `https://stripe.com/docs/error-codes/${fields.code.replace(/_/g, "-")}`;
  }
  if (fields.param) error.param = fields.param;
  if (fields.decline_code) error.decline_code = fields.decline_code;
  return json(status, { error }, headers);
}

/** Objects that "No such …" messages name, in Stripe's own spelling. */
export type StripeObjectName = "charge" | "payment_intent" | "refund" | "customer" | "PaymentMethod" | "token";

export function resourceMissing(object: StripeObjectName, id: string, param: string): HttpResult {
  return stripeError(404, {
    type: "invalid_request_error",
    code: "resource_missing",
    message: `No such ${object}: '${id}'`,
    param,
  });
}

/** 400s for malformed parameters: the endpoint never ran, so no idempotent result is saved. */
export function invalidParam(message: string, param: string, code?: string): HttpResult {
  return notReplayable(stripeError(400, { type: "invalid_request_error", message, param, ...(code ? { code } : {}) }));
}

export function parameterUnknown(name: string): HttpResult {
  return invalidParam(`Received unknown parameter: ${name}`, name, "parameter_unknown");
}

export function parameterMissing(name: string): HttpResult {
  return invalidParam(`Missing required param: ${name}.`, name, "parameter_missing");
}

export function invalidRequest(message: string, extra: { code?: string; param?: string } = {}): HttpResult {
  return stripeError(400, { type: "invalid_request_error", message, ...extra });
}

export function cardDeclined(): HttpResult {
  return stripeError(402, {
    type: "card_error",
    code: "card_declined",
    decline_code: "generic_decline",
    message: "Your card was declined.",
  });
}

export function apiError(): HttpResult {
  return stripeError(500, {
    type: "api_error",
    message:
      "Sorry, something went wrong. We've already been notified of the problem, but if you need any help, you can reach us at https://support.stripe.com/contact.",
  });
}

export function rateLimited(retryAfterSeconds: number): HttpResult {
  return stripeError(
    429,
    {
      type: "invalid_request_error",
      code: "rate_limit",
      message:
        "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
    },
    { "Retry-After": String(retryAfterSeconds), "Stripe-Rate-Limited-Reason": "global-rate" },
  );
}

export function unrecognizedUrl(method: string, path: string): HttpResult {
  return stripeError(404, {
    type: "invalid_request_error",
    message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });
}

const AUTH_HEADERS = { "WWW-Authenticate": 'Basic realm="Stripe"' };

export function apiKeyMissing(): HttpResult {
  return stripeError(
    401,
    {
      type: "invalid_request_error",
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    },
    AUTH_HEADERS,
  );
}

export function apiKeyInvalid(presented: string): HttpResult {
  return stripeError(401, { type: "invalid_request_error", message: `Invalid API Key provided: ${redact(presented)}` }, AUTH_HEADERS);
}

/** Stripe echoes a bad key with everything but its mode prefix and last four masked. */
function redact(key: string): string {
  const prefix = /^(?:sk|rk|pk)_(?:test|live)_/.exec(key)?.[0];
  if (!prefix || key.length <= prefix.length + 4) return key;
  return prefix + "*".repeat(key.length - prefix.length - 4) + key.slice(-4);
}

export function idempotencyMismatch(key: string): HttpResult {
  return notReplayable(
    stripeError(400, {
      type: "idempotency_error",
      message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    }),
  );
}

export function idempotencyInUse(): HttpResult {
  return notReplayable(
    stripeError(409, {
      type: "idempotency_error",
      code: "idempotency_key_in_use",
      message:
        "There is currently another in-progress request using this Idempotency Key (that probably means you submitted twice, and the other request is still going through): please retry after a short wait.",
    }),
  );
}
