import { CodesparError } from "@codespar/protocol";
import type { ProviderConnectionConfig, ProviderId, RateLimitSignal } from "./contract.js";
import { providerName } from "./errors/wire-failure.js";

/** Per-attempt timeout when a connection does not set one (contract: 20 s). */
export const DEFAULT_TIMEOUT_MS = 20_000;

export interface CheckedConfig {
  /** Parsed, without trailing slash. */
  baseUrl: URL;
  apiKey: string;
  mode: "test" | "live";
  timeoutMs: number;
  onRateLimitSignal: ((signal: RateLimitSignal) => void) | undefined;
  awaitTurn: (() => Promise<void>) | undefined;
}

function invalid(provider: ProviderId, what: string): CodesparError {
  // Names the field, never echoes its value: the value may be a credential.
  return new CodesparError("invalid_request", `${providerName(provider)} connection: ${what}`, { provider });
}

/** Checked once at construction so a misconfigured connection fails at load, not mid-batch. */
export function checkConfig(provider: ProviderId, config: ProviderConnectionConfig | undefined): CheckedConfig {
  if (typeof config !== "object" || config === null) throw invalid(provider, "options are required");
  if (typeof config.apiKey !== "string" || config.apiKey.trim() === "") throw invalid(provider, "apiKey is required");
  if (typeof config.baseUrl !== "string" || config.baseUrl.trim() === "") throw invalid(provider, "baseUrl is required");
  let url: URL;
  try {
    url = new URL(config.baseUrl.trim());
  } catch {
    throw invalid(provider, "baseUrl is not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw invalid(provider, "baseUrl must be http or https");
  if (url.username !== "" || url.password !== "") throw invalid(provider, "baseUrl must not carry credentials");
  if (config.mode !== "test" && config.mode !== "live") throw invalid(provider, "mode must be \"test\" or \"live\"");
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0) throw invalid(provider, "timeoutMs must be a positive integer");
  if (config.onRateLimitSignal !== undefined && typeof config.onRateLimitSignal !== "function") {
    throw invalid(provider, "onRateLimitSignal must be a function");
  }
  if (config.awaitTurn !== undefined && typeof config.awaitTurn !== "function") throw invalid(provider, "awaitTurn must be a function");
  url.pathname = url.pathname.replace(/\/+$/, "");
  url.search = "";
  url.hash = "";
  return { baseUrl: url, apiKey: config.apiKey, mode: config.mode, timeoutMs, onRateLimitSignal: config.onRateLimitSignal, awaitTurn: config.awaitTurn };
}

/** The base URL as text without trailing slash, e.g. "http://127.0.0.1:4101" or "https://api.asaas.com/v3". */
export function baseUrlText(url: URL): string {
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}
