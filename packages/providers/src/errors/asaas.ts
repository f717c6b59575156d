import { header } from "../http/headers.js";
import type { ProviderError } from "./provider-error.js";
import { authFailure, fatal, rateLimitedFailure, serverFailure, transportFailure, type ProviderWords, type WireFailure } from "./wire-failure.js";

interface AsaasErrorItem {
  code?: string;
  description?: string;
}

function errorItems(body: unknown): AsaasErrorItem[] {
  if (typeof body !== "object" || body === null) return [];
  const list = (body as { errors?: unknown }).errors;
  if (!Array.isArray(list)) return [];
  return list
    .filter((x): x is Record<string, unknown> => typeof x === "object" && x !== null)
    .map((x) => ({
      code: typeof x.code === "string" ? x.code : undefined,
      description: typeof x.description === "string" ? x.description : undefined,
    }));
}

/** Lower case without accents, so "Já estornada" and "ja estornada" read the same. */
function fold(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

// Asaas does not document its refusal texts, so these are read by keyword in Portuguese and
// English. Order matters: "deve ser maior que zero" is a bad amount, not an over-refund.
const NON_POSITIVE = /(maior|greater) (do |than )?(que )?(zero|0\b)|positiv|negativ|must be at least/;
const EXCEEDS = /maior|excede|exceed|greater|superior|ultrapass|acima/;
const ALREADY_STRONG = /\bja\b|already/;
const REFUNDED_WORD = /estornad|refunded/;
// "não pode ser estornada" / "cannot be refunded" is a refusal, not a past refund.
const NEGATED = /nao (pode|e possivel|permite)|cannot|can't|can not|not allowed|unable/;
const NOT_FOUND = /inexistente|nao encontrad|not found|nao existe/;
const REFUND_WORD = /estorn|refund/;

/**
 * Asaas failure -> our code, first matching rule wins. A bad token answers 401 with an EMPTY
 * body, so the status alone decides there; business refusals are 400 with `errors[]`.
 */
export function mapAsaasError(f: WireFailure): ProviderError {
  const items = errorItems(f.body);
  const first = items[0];
  const descriptions = items.map((i) => i.description).filter((d): d is string => d !== undefined);
  const words: ProviderWords = {
    code: first?.code,
    message: descriptions.length > 0 ? descriptions.join("; ") : undefined,
    requestId: header(f.headers, "x-request-id"),
  };
  if (f.phase !== "response" || f.status === undefined) return transportFailure("asaas", f, words);

  const status = f.status;
  if (status === 401 || status === 403) return authFailure("asaas", f, words);
  if (status === 429) return rateLimitedFailure("asaas", f, words);
  if (status === 404) return fatal("asaas", f, "payment_not_found", "Asaas has no payment with that id.", words);
  if (status >= 500) return serverFailure("asaas", f, words);

  if (status === 400) {
    const text = fold(descriptions.join(" "));
    const codes = new Set(items.map((i) => i.code));
    if (NON_POSITIVE.test(text)) return fatal("asaas", f, "invalid_amount", "Asaas does not accept that amount.", words);
    if (EXCEEDS.test(text)) return fatal("asaas", f, "amount_exceeds_refundable", "The refund is larger than what remains refundable at Asaas.", words);
    if (ALREADY_STRONG.test(text) || (REFUNDED_WORD.test(text) && !NEGATED.test(text))) {
      return fatal("asaas", f, "already_refunded", "The payment is already refunded at Asaas.", words);
    }
    if (NOT_FOUND.test(text)) return fatal("asaas", f, "payment_not_found", "Asaas has no payment with that id.", words);
    if (codes.has("invalid_action") || REFUND_WORD.test(text)) {
      return fatal("asaas", f, "refund_not_allowed", "Asaas refuses a refund in the payment's current state.", words);
    }
    return fatal("asaas", f, "invalid_request", "Asaas rejected the request parameters.", words);
  }
  return fatal("asaas", f, "provider_error", `Asaas refused the call (HTTP ${status}).`, words);
}
