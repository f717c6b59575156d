import { createHmac } from "node:crypto";
import { DEFAULT_TOLERANCE_S, OK, parseSignatureHeader, refuse, safeEqual, type Verdict } from "./verdict.js";

export interface MercadoPagoSignatureInput {
  xSignature: string | undefined;
  xRequestId: string | undefined;
  /** `data.id` from the notification URL's query string, else the body's data.id. */
  dataId: string | undefined;
  secret: string;
  nowMs: number;
  toleranceS?: number;
}

/**
 * Mercado Pago's scheme: `x-signature: ts=<ts>,v1=<hex>`, v1 an HMAC-SHA256 (the app's secret
 * signature) of the manifest `id:<data.id>;request-id:<x-request-id>;ts:<ts>;`. Parts whose
 * value is absent are left out of the manifest, as the official SDKs do; an alphanumeric
 * data.id is lowercased, as the documentation says. The body itself is not signed, which is
 * why settlement reads the payment back from the provider instead of trusting the body.
 */
export function verifyMercadoPagoSignature(input: MercadoPagoSignatureInput): Verdict {
  if (!input.xSignature) return refuse("webhook_signature_invalid", "Missing x-signature header");
  const parts = parseSignatureHeader(input.xSignature);
  const ts = parts.get("ts")?.[0];
  const v1 = parts.get("v1") ?? [];
  if (!ts || !/^\d+$/.test(ts) || v1.length === 0) {
    return refuse("webhook_signature_invalid", "x-signature header must carry ts=<timestamp> and v1=<hex>");
  }
  const expected = createHmac("sha256", input.secret).update(mercadoPagoManifest(input.dataId, input.xRequestId, ts), "utf8").digest("hex");
  let matched = false;
  for (const candidate of v1) matched = safeEqual(expected, candidate.toLowerCase()) || matched;
  if (!matched) return refuse("webhook_signature_invalid", "x-signature does not match data.id, x-request-id and ts under the connection's webhook secret");
  const tolerance = input.toleranceS ?? DEFAULT_TOLERANCE_S;
  if (Math.abs(input.nowMs - tsToMs(ts)) / 1000 > tolerance) {
    return refuse("webhook_timestamp_stale", `x-signature timestamp ${ts} is more than ${tolerance} s from now`);
  }
  return OK;
}

export function mercadoPagoManifest(dataId: string | undefined, requestId: string | undefined, ts: string): string {
  const id = dataId && /^[a-z0-9]+$/i.test(dataId) ? dataId.toLowerCase() : dataId;
  return `${id ? `id:${id};` : ""}${requestId ? `request-id:${requestId};` : ""}ts:${ts};`;
}

/**
 * The documentation shows seconds; some deliveries and SDK examples show milliseconds. A value
 * too large to be seconds this millennium is read as milliseconds; the signature covers it either way.
 */
function tsToMs(ts: string): number {
  const n = Number(ts);
  return n > 100_000_000_000 ? n : n * 1000;
}

/** Builds the header pair as Mercado Pago would: for tests. */
export function mercadoPagoSignatureHeader(dataId: string, requestId: string, secret: string, ts: number): string {
  const sig = createHmac("sha256", secret).update(mercadoPagoManifest(dataId, requestId, String(ts)), "utf8").digest("hex");
  return `ts=${ts},v1=${sig}`;
}
