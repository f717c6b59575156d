import { CodesparError } from "@codespar/protocol";

/** A half-open period [from, to) as ISO-8601 UTC date-times. */
export interface UsagePeriod {
  from: string;
  to: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * `from` and `to` of GET /v1/usage. A date means its whole UTC day: `from=2026-11-01` starts
 * at its midnight, `to=2026-11-30` includes the 30th. A date-time is exact (`to` exclusive)
 * and is UTC unless it carries an offset. Defaults: `to` the start of next UTC month (so
 * "everything so far"), `from` the start of the month that `to` ends in. Neither given: the
 * current UTC month.
 */
export function parseUsagePeriod(query: { from?: string | undefined; to?: string | undefined }, now: Date = new Date()): UsagePeriod {
  const to = query.to === undefined ? Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) : parseBound(query.to, "to", true);
  const lastInstant = new Date(to - 1);
  const from = query.from === undefined ? Date.UTC(lastInstant.getUTCFullYear(), lastInstant.getUTCMonth(), 1) : parseBound(query.from, "from", false);
  if (from >= to) throw new CodesparError("invalid_request", "`from` must be before `to`", { field: "from" });
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

function parseBound(text: string, field: "from" | "to", endOfDay: boolean): number {
  const date = DATE.exec(text);
  if (date) {
    const ms = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
    // Date.UTC rolls 2026-02-30 over into March; a date that does not round-trip does not exist.
    if (new Date(ms).toISOString().slice(0, 10) !== text) throw invalid(field, text);
    return endOfDay ? ms + 86_400_000 : ms;
  }
  const dateTime = DATE_TIME.exec(text);
  if (!dateTime) throw invalid(field, text);
  const ms = Date.parse(dateTime[1] ? text : `${text}Z`);
  if (Number.isNaN(ms)) throw invalid(field, text);
  return ms;
}

function invalid(field: string, text: string): CodesparError {
  return new CodesparError("invalid_request", `\`${field}\` must be an ISO date (2026-11-01) or date-time (2026-11-01T10:00:00Z), got "${text.slice(0, 40)}"`, { field });
}
