import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CredentialSealer, parseMasterKey } from "../src/connections/credential-sealer.js";

describe("credential sealing (AES-256-GCM)", () => {
  const sealer = new CredentialSealer(randomBytes(32));

  it("round-trips and never contains the plaintext", () => {
    const sealed = sealer.seal('{"api_key":"sk_test_secretvalue"}', "proj/stripe/test");
    expect(sealed).not.toContain("secretvalue");
    expect(sealer.open(sealed, "proj/stripe/test")).toBe('{"api_key":"sk_test_secretvalue"}');
  });

  it("refuses a blob moved to another connection", () => {
    const sealed = sealer.seal("x", "proj/stripe/test");
    expect(() => sealer.open(sealed, "other/stripe/test")).toThrow();
  });

  it("refuses a tampered blob", () => {
    const sealed = sealer.seal("hello", "a");
    const parts = sealed.split(".");
    parts[3] = Buffer.from("jello").toString("base64");
    expect(() => sealer.open(parts.join("."), "a")).toThrow();
  });

  it("refuses a master key of the wrong size", () => {
    expect(() => parseMasterKey("abcd")).toThrow(/32 bytes/);
    expect(parseMasterKey("00".repeat(32)).length).toBe(32);
  });
});
