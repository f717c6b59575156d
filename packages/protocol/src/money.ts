import { CodesparError } from "./codespar-error.js";

/**
 * Minor units <-> decimal major units, exactly. Every currency we route has two decimals
 * (PROVIDERS.md "Money"); the table keeps the exponent explicit so a zero-decimal currency
 * cannot silently be off by 100.
 */
const EXPONENTS: Record<string, number> = { BRL: 2, MXN: 2, ARS: 2, USD: 2, CLP: 0, COP: 2, PEN: 2, UYU: 2, EUR: 2 };

export function currencyExponent(currency: string): number {
  const exp = EXPONENTS[currency.toUpperCase()];
  if (exp === undefined) throw new CodesparError("invalid_request", `Unsupported currency: ${currency}`);
  return exp;
}

export function isMinorAmount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0;
}

/** 1999 -> "19.99"; string arithmetic so no float ever touches the amount. */
export function minorToDecimalString(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new CodesparError("invalid_amount", `Amount must be an integer of minor units, got ${minor}`);
  const exp = currencyExponent(currency);
  if (exp === 0) return String(minor);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exp + 1, "0");
  const out = `${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
  return negative ? `-${out}` : out;
}

/** For JSON bodies that want a number (Asaas `value`, Mercado Pago `amount`): exact for 2 decimals. */
export function minorToDecimal(minor: number, currency: string): number {
  return Number(minorToDecimalString(minor, currency));
}

/**
 * "19.99" | 19.99 -> 1999. Accepts at most the currency's decimals; anything finer is an error,
 * not a rounding, because a provider reporting sub-cent money means we misread it.
 */
export function decimalToMinor(value: number | string, currency: string): number {
  const exp = currencyExponent(currency);
  const text = typeof value === "number" ? numberToPlainString(value) : value.trim();
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new CodesparError("invalid_amount", `Not a decimal amount: ${String(value)}`);
  const [, sign, whole = "0", fracRaw = ""] = m;
  const frac = fracRaw.replace(/0+$/, "");
  if (frac.length > exp) throw new CodesparError("invalid_amount", `Amount ${text} has more than ${exp} decimals for ${currency}`);
  const minor = Number(whole + frac.padEnd(exp, "0"));
  if (!Number.isSafeInteger(minor)) throw new CodesparError("invalid_amount", `Amount ${text} is too large`);
  return sign ? -minor : minor;
}

function numberToPlainString(n: number): string {
  if (!Number.isFinite(n)) throw new CodesparError("invalid_amount", `Not a finite amount: ${n}`);
  // toString gives the shortest round-trip form (19.99, not 19.990000000000002), which is what
  // a JSON decimal from the provider meant. Exponent forms only appear far outside money ranges.
  const s = String(n);
  if (/e/i.test(s)) return n.toFixed(20).replace(/\.?0+$/, "");
  return s;
}
