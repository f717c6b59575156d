/**
 * Exact conversion between decimal major units (what Asaas and Mercado Pago speak) and
 * integer minor units (what the emulators keep). Works on the decimal string form so that
 * 19.99 becomes 1999 and never 1998.9999999999998.
 */

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Integer minor units for a decimal amount with at most two significant decimals, else null. */
export function toMinor(value: unknown): number | null {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    text = String(value);
  } else if (typeof value === "string") {
    text = value.trim();
  } else {
    return null;
  }
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const [, sign, whole = "0", rawFraction = ""] = m;
  const fraction = rawFraction.replace(/0+$/, "");
  if (fraction.length > 2) return null;
  const minor = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  if (!Number.isSafeInteger(minor)) return null;
  return sign ? -minor : minor;
}

/** "19.99" for 1999; always two decimals. */
export function formatMajor(minor: number): string {
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, "0");
  return `${minor < 0 ? "-" : ""}${whole}.${cents}`;
}

/** The JSON number for a minor amount: 1999 -> 19.99, parsed from its exact decimal text. */
export function toMajor(minor: number): number {
  return Number(formatMajor(minor));
}

/** True for a positive safe integer, the only valid shape for a stored amount. */
export function isPositiveMinor(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n > 0;
}
