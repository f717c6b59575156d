import { currencyExponent } from "@codespar/protocol";
import { divideHalfEven, parseDecimal, pow10, toSafeNumber } from "./exact-decimal.js";

/** Every settled refund: USD 0.10, in USD cents (DESIGN.md section 6). */
export const BASE_FEE_USD_MINOR = 10;
/** Cross-border surcharge, 0.5% as an exact fraction of the USD amount. */
const FX_FEE_NUMERATOR = 5n;
const FX_FEE_DENOMINATOR = 1000n;
const USD_EXPONENT = 2;

export interface RefundFeeInput {
  /** Refunded amount in the payment currency's minor units. */
  amount: number;
  /** Payment currency, ISO code. */
  currency: string;
  /** The project's home currency; a different payment currency makes the refund cross-border. */
  homeCurrency: string;
  /** 1 unit of `currency` in USD as a decimal string; null when no rate is known. */
  fxRate: string | null;
}

export interface RefundFee {
  crossBorder: boolean;
  /** The amount in USD cents, rounded half-even; null without a rate. */
  amountUsd: number | null;
  feeBase: number;
  feeFx: number;
  feeTotal: number;
}

/**
 * fee = USD 0.10 + (cross-border ? 0.5% of the amount in USD : 0), in USD cents.
 * The surcharge is computed from the exact converted amount and rounded once, half-even to the
 * cent (rounding the USD amount first and then the 0.5% would round twice). Without a rate the
 * surcharge is 0: a fee is never guessed; the caller records the rate as missing.
 */
export function refundFee(input: RefundFeeInput): RefundFee {
  if (!Number.isSafeInteger(input.amount) || input.amount < 0) throw new RangeError(`amount must be a non-negative integer of minor units, got ${input.amount}`);
  const crossBorder = input.currency.toUpperCase() !== input.homeCurrency.toUpperCase();
  if (input.fxRate === null) {
    return { crossBorder, amountUsd: null, feeBase: BASE_FEE_USD_MINOR, feeFx: 0, feeTotal: BASE_FEE_USD_MINOR };
  }
  const rate = parseDecimal(input.fxRate);
  // amount / 10^exp major units × rate.units / 10^rate.scale USD × 10^2 cents per dollar.
  const numerator = BigInt(input.amount) * rate.units * pow10(USD_EXPONENT);
  const denominator = pow10(currencyExponent(input.currency) + rate.scale);
  const amountUsd = toSafeNumber(divideHalfEven(numerator, denominator));
  const feeFx = crossBorder ? toSafeNumber(divideHalfEven(numerator * FX_FEE_NUMERATOR, denominator * FX_FEE_DENOMINATOR)) : 0;
  return { crossBorder, amountUsd, feeBase: BASE_FEE_USD_MINOR, feeFx, feeTotal: BASE_FEE_USD_MINOR + feeFx };
}
