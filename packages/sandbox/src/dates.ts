/**
 * Timestamps in the zones the providers answer in. Both Brazil (since 2019) and the
 * offset Mercado Pago prints (-04:00) have no daylight saving, so a fixed offset is exact.
 */

function shifted(date: Date, offsetHours: number): Date {
  return new Date(date.getTime() + offsetHours * 3_600_000);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** "2024-06-10" in São Paulo time, Asaas's date format. */
export function saoPauloDate(date = new Date()): string {
  return shifted(date, -3).toISOString().slice(0, 10);
}

/** "2024-06-10 14:30:00" in São Paulo time, Asaas's timestamp format. */
export function saoPauloDateTime(date = new Date()): string {
  const iso = shifted(date, -3).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** "2024-06-10T13:30:00.000-04:00", Mercado Pago's timestamp format. */
export function mercadoPagoTimestamp(date = new Date()): string {
  const d = shifted(date, -4);
  return `${d.toISOString().slice(0, 19)}.${pad(d.getUTCMilliseconds(), 3)}-04:00`;
}
