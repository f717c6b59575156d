import { describe, expect, it } from "vitest";
import { capabilityFromQuery } from "../src/tools/discover/capability-from-query.js";

describe("discover's use_case text", () => {
  it.each([
    ["refund a chargeback", "refund"],
    ["estornar um pagamento pix", "refund"],
    ["reembolso de compra", "refund"],
    ["check payment status", "status"],
    ["charge a customer", "pay"],
  ])("maps %s to %s", (text, cap) => expect(capabilityFromQuery(undefined, text)).toBe(cap));
  it("prefers an explicit capability", () => expect(capabilityFromQuery("pay", "refund it")).toBe("pay"));
  it("matches all when the text names nothing", () => expect(capabilityFromQuery(undefined, "hello")).toBeUndefined());
});
