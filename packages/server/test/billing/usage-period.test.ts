import { describe, expect, it } from "vitest";
import { parseUsagePeriod } from "../../src/billing/usage-period.js";

const now = new Date("2026-11-27T15:30:00Z");

describe("usage period", () => {
  it("defaults to the current UTC month", () => {
    expect(parseUsagePeriod({}, now)).toEqual({ from: "2026-11-01T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" });
  });
  it("reads dates as whole UTC days, `to` inclusive", () => {
    expect(parseUsagePeriod({ from: "2026-10-01", to: "2026-10-31" }, now)).toEqual({ from: "2026-10-01T00:00:00.000Z", to: "2026-11-01T00:00:00.000Z" });
  });
  it("reads date-times exactly, UTC unless an offset is given", () => {
    expect(parseUsagePeriod({ from: "2026-11-02T10:00", to: "2026-11-02T12:00:00-03:00" }, now)).toEqual({ from: "2026-11-02T10:00:00.000Z", to: "2026-11-02T15:00:00.000Z" });
  });
  it("defaults `from` to the start of the month `to` ends in", () => {
    expect(parseUsagePeriod({ to: "2026-10-15" }, now).from).toBe("2026-10-01T00:00:00.000Z");
  });
  it("refuses what is not an ISO date, a date that does not exist, and an empty period", () => {
    for (const q of [{ from: "yesterday" }, { from: "2026-02-30" }, { to: "2026-11-01 10:00" }, { from: "2026-11-05", to: "2026-11-04" }]) {
      expect(() => parseUsagePeriod(q, now), JSON.stringify(q)).toThrow(expect.objectContaining({ code: "invalid_request" }));
    }
  });
});
