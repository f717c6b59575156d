import { CodesparError, currencyExponent } from "@codespar/protocol";
import { isDecimalString } from "./exact-decimal.js";

/**
 * Fixed TEST rates the sandbox ships with (1 unit of the currency in USD). They are round
 * numbers chosen so fees are easy to check by hand, not market rates: a live deployment sets
 * CODESPAR_FX_RATES.
 */
export const SANDBOX_FX_RATES: Readonly<Record<string, string>> = {
  BRL: "0.20",
  MXN: "0.055",
  ARS: "0.001",
  CLP: "0.0011",
  COP: "0.00025",
  PEN: "0.27",
  UYU: "0.025",
  EUR: "1.08",
};

export interface FxRate {
  /** 1 unit of the currency in USD, as a decimal string. */
  rate: string;
  /** "sandbox-fixed", "config" or "identity" (USD itself). */
  source: string;
}

/** Currency -> USD rates for billing; USD is always exactly 1. */
export class FxTable {
  private constructor(
    private readonly rates: Readonly<Record<string, string>>,
    readonly source: "sandbox-fixed" | "config",
  ) {}

  /**
   * A configured table replaces the sandbox table entirely: a currency the operator did not
   * price is recorded as missing rather than billed at a made-up test rate.
   */
  static from(configured: Record<string, string> | undefined): FxTable {
    return configured ? new FxTable(configured, "config") : new FxTable(SANDBOX_FX_RATES, "sandbox-fixed");
  }

  rateFor(currency: string): FxRate | undefined {
    const code = currency.toUpperCase();
    if (code === "USD") return { rate: "1", source: "identity" };
    const rate = this.rates[code];
    return rate === undefined ? undefined : { rate, source: this.source };
  }
}

/** CODESPAR_FX_RATES: JSON `{ "BRL": "0.1823", ... }`; anything malformed is refused at start. */
export function parseFxRates(raw: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new CodesparError("invalid_request", "CODESPAR_FX_RATES must be JSON such as {\"BRL\":\"0.1823\"}");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new CodesparError("invalid_request", "CODESPAR_FX_RATES must be a JSON object of currency code -> USD rate");
  }
  const rates: Record<string, string> = {};
  for (const [code, value] of Object.entries(parsed)) {
    const currency = code.toUpperCase();
    // A JSON number is accepted by its literal text; exponent forms fail the decimal check below.
    const rate = typeof value === "number" ? String(value) : value;
    if (typeof rate !== "string" || !isDecimalString(rate) || !/[1-9]/.test(rate)) {
      throw new CodesparError("invalid_request", `CODESPAR_FX_RATES: rate for ${currency} must be a positive decimal string, got ${JSON.stringify(value)}`);
    }
    try {
      currencyExponent(currency);
    } catch {
      throw new CodesparError("invalid_request", `CODESPAR_FX_RATES: unsupported currency ${code}`);
    }
    if (currency === "USD" && Number(rate) !== 1) throw new CodesparError("invalid_request", "CODESPAR_FX_RATES: USD is the billing currency; its rate is 1");
    rates[currency] = rate;
  }
  return rates;
}
