import { describe, expect, it } from "vitest";
import { generateKey } from "../src/keys.js";

describe("generated credentials", () => {
  it("take each provider's own form and differ every time", () => {
    expect(generateKey("stripe")).toMatch(/^sk_test_[0-9A-Za-z]+$/);
    expect(generateKey("asaas")).toMatch(/^\$aact_/);
    expect(generateKey("mercadopago")).toMatch(/^TEST-\d+-\d+-[0-9a-f]{32}-\d+$/);
    expect(generateKey("stripe")).not.toBe(generateKey("stripe"));
  });
});
