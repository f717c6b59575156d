/**
 * Exact decimal helpers for billing. Rates arrive as decimal strings and every product is
 * computed in BigInt, so no binary float ever touches money; rounding happens once, at the end.
 */

const DECIMAL = /^(0|[1-9]\d*)(?:\.(\d{1,18}))?$/;

/** A decimal as an integer and a power-of-ten scale: "0.055" -> { units: 55n, scale: 3 }. */
export interface ScaledDecimal {
  units: bigint;
  scale: number;
}

export function isDecimalString(text: string): boolean {
  return DECIMAL.test(text);
}

export function parseDecimal(text: string): ScaledDecimal {
  const m = DECIMAL.exec(text);
  if (!m) throw new RangeError(`Not a plain decimal: "${text}"`);
  const frac = m[2] ?? "";
  return { units: BigInt(`${m[1]}${frac}`), scale: frac.length };
}

export function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/**
 * numerator / denominator rounded to the nearest integer, ties to the even neighbour
 * (banker's rounding): over many fees, ties neither inflate nor deflate the total.
 */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError("denominator must be positive");
  if (numerator < 0n) throw new RangeError("numerator must not be negative");
  const quotient = numerator / denominator;
  const twiceRemainder = (numerator % denominator) * 2n;
  if (twiceRemainder > denominator) return quotient + 1n;
  if (twiceRemainder < denominator) return quotient;
  return quotient % 2n === 0n ? quotient : quotient + 1n;
}

/** Back to a JS number for storage; money beyond 2^53 minor units is refused, not wrapped. */
export function toSafeNumber(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${value} is outside the safe integer range`);
  return n;
}
