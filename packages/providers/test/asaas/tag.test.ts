import { describe, expect, it } from "vitest";
import { ASAAS_DESCRIPTION_MAX, asaasTag, isTaggableKey, refundDescription, tagKeyOf } from "../../src/asaas/tag.js";

describe("Asaas idempotency tag", () => {
  it("appends the tag to the reason", () => {
    expect(refundDescription("Customer request", "key-1")).toBe("Customer request [codespar:key-1]");
    expect(refundDescription(undefined, "key-1")).toBe("[codespar:key-1]");
    expect(refundDescription("   ", "key-1")).toBe("[codespar:key-1]");
  });

  it("cuts a long reason but keeps the tag whole", () => {
    const d = refundDescription("x".repeat(1000), "key-1");
    expect(d.length).toBe(ASAAS_DESCRIPTION_MAX);
    expect(d.endsWith(" [codespar:key-1]")).toBe(true);
  });

  it("reads the key back from a description", () => {
    expect(tagKeyOf("Customer request [codespar:key-1]")).toBe("key-1");
    expect(tagKeyOf("no tag here")).toBeUndefined();
    expect(tagKeyOf(null)).toBeUndefined();
  });

  it("refuses keys that would break the tag", () => {
    expect(isTaggableKey("ok_key-123")).toBe(true);
    expect(isTaggableKey("bad]key")).toBe(false);
    expect(isTaggableKey("bad key")).toBe(false);
    expect(isTaggableKey("k".repeat(ASAAS_DESCRIPTION_MAX))).toBe(false);
    expect(asaasTag("k")).toBe("[codespar:k]");
  });
});
