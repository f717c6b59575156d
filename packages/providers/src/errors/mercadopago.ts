import { header } from "../http/headers.js";
import type { ProviderError } from "./provider-error.js";
import { authFailure, fatal, rateLimitedFailure, serverFailure, transportFailure, type ProviderWords, type WireFailure } from "./wire-failure.js";

interface MercadoPagoCause {
  code?: string;
  description?: string;
}

interface MercadoPagoErrorBody {
  message?: string;
  error?: string;
  causes: MercadoPagoCause[];
}

/** `cause` is documented as a list, but an object or numeric codes are seen too: accept all. */
function errorBody(body: unknown): MercadoPagoErrorBody {
  if (typeof body !== "object" || body === null) return { causes: [] };
  const b = body as Record<string, unknown>;
  const raw = Array.isArray(b.cause) ? b.cause : typeof b.cause === "object" && b.cause !== null ? [b.cause] : [];
  const causes = raw
    .filter((c): c is Record<string, unknown> => typeof c === "object" && c !== null)
    .map((c) => ({
      code: typeof c.code === "number" || typeof c.code === "string" ? String(c.code) : undefined,
      description: typeof c.description === "string" ? c.description : undefined,
    }));
  return {
    message: typeof b.message === "string" ? b.message : undefined,
    error: typeof b.error === "string" ? b.error : undefined,
    causes,
  };
}

/** What the adapter already knows about the payment when the failure happened. */
export interface MercadoPagoErrorContext {
  /** `status` from the GET of the payment made before the refund, e.g. "approved", "refunded". */
  paymentStatus?: string;
}

// Over-refund is undocumented: any wording of "the amount exceeds" in English, Spanish or Portuguese.
const EXCEEDS = /exceed|greater than|higher than|more than|mayor (a|que|al)\b|supera|excede|maior (que|do que)\b/i;

/** Mercado Pago failure -> our code, first matching rule wins; `cause[].code` beats the status. */
export function mapMercadoPagoError(f: WireFailure, ctx: MercadoPagoErrorContext = {}): ProviderError {
  const e = errorBody(f.body);
  const descriptions = e.causes.map((c) => c.description).filter((d): d is string => d !== undefined);
  const text = [e.message, ...descriptions].filter((t): t is string => t !== undefined).join("; ");
  const words: ProviderWords = {
    code: e.causes[0]?.code ?? e.error,
    message: text === "" ? undefined : text,
    requestId: header(f.headers, "x-request-id"),
  };
  if (f.phase !== "response" || f.status === undefined) return transportFailure("mercadopago", f, words);

  const status = f.status;
  const codes = new Set(e.causes.map((c) => c.code));
  if (status === 401 || status === 403) return authFailure("mercadopago", f, words);
  if (status === 429) return rateLimitedFailure("mercadopago", f, words);
  if (codes.has("2000") || status === 404) {
    return fatal("mercadopago", f, "payment_not_found", "Mercado Pago has no payment with that id.", words);
  }
  if (codes.has("2063")) {
    return ctx.paymentStatus === "refunded"
      ? fatal("mercadopago", f, "already_refunded", "The payment is already fully refunded at Mercado Pago.", words)
      : fatal("mercadopago", f, "refund_not_allowed", "Mercado Pago refuses a refund in the payment's current state.", words);
  }
  if (codes.has("2024") || codes.has("3024")) {
    return fatal("mercadopago", f, "refund_not_allowed", "Mercado Pago refuses this refund for the payment (too old, or partial refunds unsupported).", words);
  }
  if (codes.has("4040")) return fatal("mercadopago", f, "invalid_amount", "Mercado Pago does not accept that amount.", words);
  if (codes.has("4292")) return fatal("mercadopago", f, "invalid_request", "Mercado Pago requires an X-Idempotency-Key header.", words);
  if (status >= 500) return serverFailure("mercadopago", f, words);
  if (status === 400 && EXCEEDS.test(text)) {
    return fatal("mercadopago", f, "amount_exceeds_refundable", "The refund is larger than what remains refundable at Mercado Pago.", words);
  }
  if (status === 400) return fatal("mercadopago", f, "invalid_request", "Mercado Pago rejected the request parameters.", words);
  return fatal("mercadopago", f, "provider_error", `Mercado Pago refused the call (HTTP ${status}).`, words);
}
