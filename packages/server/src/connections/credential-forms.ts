import { CodesparError } from "@codespar/protocol";
import type { KeyMode } from "../storage/index.js";

/**
 * Each provider's credential shape per mode (PROVIDERS.md). Checking it up front turns a
 * pasted-in-the-wrong-box key into a clear error instead of a 401 from the provider later.
 */
const FORMS: Record<string, Record<KeyMode, RegExp>> = {
  stripe: { test: /^(sk|rk)_test_[0-9A-Za-z]{8,}$/, live: /^(sk|rk)_live_[0-9A-Za-z]{8,}$/ },
  asaas: { test: /^\$aact_[0-9A-Za-z_:$=+/-]{8,}$/, live: /^\$aact_[0-9A-Za-z_:$=+/-]{8,}$/ },
  mercadopago: { test: /^TEST-[0-9A-Za-z-]{8,}$/, live: /^APP_USR-[0-9A-Za-z-]{8,}$/ },
};

const EXPECTED: Record<string, Record<KeyMode, string>> = {
  stripe: { test: "sk_test_… or rk_test_…", live: "sk_live_… or rk_live_…" },
  asaas: { test: "$aact_…", live: "$aact_…" },
  mercadopago: { test: "TEST-…", live: "APP_USR-…" },
};

export function checkCredentialForm(server: string, mode: KeyMode, apiKey: string): void {
  if (typeof apiKey !== "string" || apiKey.length === 0) throw new CodesparError("invalid_request", "api_key is required", { field: "api_key" });
  const form = FORMS[server]?.[mode];
  if (form && !form.test(apiKey)) {
    throw new CodesparError("invalid_request", `A ${mode} ${server} credential looks like ${EXPECTED[server]?.[mode]}; the one given does not`, { field: "api_key" });
  }
}
