import { CodesparApiError } from "./errors.js";
import type { CodeSparOptions } from "./types.js";

export const DEFAULT_BASE_URL = "http://127.0.0.1:7420";
export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Printable ASCII only after the prefix: a stray newline or space would otherwise reach the
 * Authorization header, and fetch's "invalid header value" message would quote the key.
 */
const KEY_PATTERN = /^csk_(?:live|test)_[\x21-\x7e]+$/;

export interface ResolvedConfig {
  apiKey: string;
  baseUrl: string;
  timeout: number;
  maxNetworkRetries: number;
  fetch: typeof fetch | undefined;
}

/**
 * Problems that depend on the environment (key, base URL) are CodesparApiError with status 0,
 * so a caller handles them like any other failure by `code`. Problems that can only be a bug in
 * the calling code (a negative timeout) are RangeError/TypeError, as for any JS argument.
 * Messages never contain the key, not even a fragment of it.
 */
export function resolveConfig(options: CodeSparOptions, env: NodeJS.ProcessEnv = process.env): ResolvedConfig {
  return {
    apiKey: resolveApiKey(options.apiKey || env.CODESPAR_API_KEY),
    baseUrl: resolveBaseUrl(options.baseUrl || env.CODESPAR_BASE_URL || DEFAULT_BASE_URL),
    timeout: positiveNumber("timeout", options.timeout ?? DEFAULT_TIMEOUT_MS),
    maxNetworkRetries: nonNegativeInteger("maxNetworkRetries", options.maxNetworkRetries ?? 0),
    fetch: resolveFetch(options.fetch),
  };
}

function resolveApiKey(key: string | undefined): string {
  if (!key) {
    throw configError("invalid_api_key", "No CodeSpar API key: pass { apiKey } to new CodeSpar() or set CODESPAR_API_KEY.");
  }
  if (!KEY_PATTERN.test(key)) {
    throw configError(
      "invalid_api_key",
      'Invalid CodeSpar API key: it must start with "csk_live_" or "csk_test_" and contain no spaces or control characters.',
    );
  }
  return key;
}

function resolveBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError("invalid_base_url", `Invalid CodeSpar base URL: ${JSON.stringify(value)} is not an absolute URL.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw configError("invalid_base_url", `Invalid CodeSpar base URL: ${url.protocol} is not http: or https:.`);
  }
  // Keeps a path prefix (a server mounted under /codespar) and drops a trailing slash so
  // joining "/v1/..." never doubles it.
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function resolveFetch(value: typeof fetch | undefined): typeof fetch | undefined {
  if (value !== undefined && typeof value !== "function") throw new TypeError("fetch must be a function");
  return value;
}

function positiveNumber(name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${String(value)}`);
  return value;
}

function configError(code: string, message: string): CodesparApiError {
  return new CodesparApiError({ status: 0, code, message });
}
