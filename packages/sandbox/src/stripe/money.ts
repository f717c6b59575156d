import { formatMajor } from "../money.js";

const SYMBOLS: Record<string, string> = { usd: "$", brl: "R$", mxn: "MX$", eur: "€", gbp: "£", cad: "CA$", ars: "ARS " };

/** An amount the way Stripe writes it inside error messages, e.g. "$50.00". */
export function displayAmount(minor: number, currency: string): string {
  const symbol = SYMBOLS[currency] ?? `${currency.toUpperCase()} `;
  return `${symbol}${formatMajor(minor)}`;
}

/** Three-letter ISO code, stored lowercase as Stripe does. */
export function normalizeCurrency(raw: string): string | undefined {
  return /^[a-zA-Z]{3}$/.test(raw) ? raw.toLowerCase() : undefined;
}
