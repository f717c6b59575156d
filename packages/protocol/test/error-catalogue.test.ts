import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "@codespar/protocol";

const readme = readFileSync(fileURLToPath(new URL("../../../README.md", import.meta.url)), "utf8");

describe("the error catalogue", () => {
  it("documents every code in the README's error table with its status", () => {
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      expect(readme, `README lacks ${code}`).toContain(`| \`${code}\` | ${info.status} |`);
    }
  });

  it("has DESIGN.md section 7's codes", () => {
    const design = [
      "unauthorized", "forbidden", "invalid_request", "session_not_found", "session_expired", "session_closed", "unknown_tool",
      "unroutable_payment", "payment_not_found", "amount_exceeds_refundable", "already_refunded", "provider_auth_failed",
      "provider_rate_limited", "provider_unavailable", "provider_timeout", "outcome_unknown", "skipped", "aborted",
    ];
    for (const code of design) expect(Object.keys(ERROR_CODES)).toContain(code);
  });
});
