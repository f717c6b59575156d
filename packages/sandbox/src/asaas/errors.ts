import { empty, json, type HttpResult } from "../http/result.js";
import { formatMajor } from "../money.js";

export interface AsaasError {
  code: string;
  description: string;
}

export function asaasErrors(status: number, ...errors: AsaasError[]): HttpResult {
  return json(status, { errors });
}

export function invalid(code: string, description: string): HttpResult {
  return asaasErrors(400, { code, description });
}

/** Asaas answers a missing or wrong access_token with a bare 401. */
export function unauthorized(): HttpResult {
  return empty(401);
}

/** Asaas does not document its 404 body; the sandbox uses the usual envelope. */
export function notFound(description = "O recurso solicitado não foi encontrado."): HttpResult {
  return asaasErrors(404, { code: "not_found", description });
}

export function serverError(): HttpResult {
  return asaasErrors(500, {
    code: "internal_error",
    description: "Ocorreu um erro interno. Tente novamente em alguns instantes.",
  });
}

export function rateLimited(retryAfterSeconds: number): HttpResult {
  return {
    ...asaasErrors(429, {
      code: "too_many_requests",
      description: "Limite de requisições excedido. Aguarde e tente novamente.",
    }),
    headers: { "Retry-After": String(retryAfterSeconds) },
  };
}

/** "R$ 1.234,56", how Asaas writes money in its messages. */
export function reais(minor: number): string {
  const [whole = "0", cents = "00"] = formatMajor(minor).split(".");
  return `R$ ${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".")},${cents}`;
}
