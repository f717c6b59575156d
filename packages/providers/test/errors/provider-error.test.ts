import { describe, expect, it } from "vitest";
import { CodesparError } from "@codespar/protocol";
import { ProviderError } from "../../src/errors/provider-error.js";
import { scrubSecrets } from "../../src/errors/scrub.js";

describe("ProviderError", () => {
  it("is a CodesparError with the catalogue status and a failure class", () => {
    const err = new ProviderError("provider_rate_limited", "limited", "retryable", { provider: "stripe", http_status: 429 });
    expect(err).toBeInstanceOf(CodesparError);
    expect(err.status).toBe(503);
    expect(err.failureClass).toBe("retryable");
    expect(err.toJSON()).toEqual({ code: "provider_rate_limited", message: "limited", details: { provider: "stripe", http_status: 429 } });
  });

  it("drops undefined details", () => {
    const err = new ProviderError("provider_error", "x", "fatal", { provider: "asaas", provider_code: undefined });
    expect(Object.keys(err.details)).toEqual(["provider"]);
  });

  it("scrubs credential shapes from message and details", () => {
    const err = new ProviderError("provider_auth_failed", "bad key sk_live_abc123XYZ", "fatal", {
      provider: "stripe",
      provider_message: "Invalid key $aact_YTU5YTE0M2M2N2I4MTliNzk0YTI5N2U5MzdjNWZmNDQ6Og== and TEST-1234567890123456-112233-abcdef",
    });
    const text = JSON.stringify(err.toJSON());
    expect(text).not.toMatch(/sk_live_abc123XYZ|aact_YTU5|TEST-1234567890/);
    expect(text).toContain("[redacted]");
  });

  it("redacts the connection's exact key on request", () => {
    const err = new ProviderError("provider_error", "echo: my-custom-secret-key", "fatal", { provider: "mercadopago", provider_message: "my-custom-secret-key" });
    const clean = err.withSecretRedacted("my-custom-secret-key");
    expect(JSON.stringify(clean.toJSON())).not.toContain("my-custom-secret-key");
    expect(clean.failureClass).toBe("fatal");
  });

  it("leaves ordinary text alone", () => {
    expect(scrubSecrets("No such charge: 'ch_123'")).toBe("No such charge: 'ch_123'");
  });
});
