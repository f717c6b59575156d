import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CodeSpar, CodesparApiError, VERSION } from "../src/index.js";

const KEY = "csk_test_s3cr3tKEYvalue";

function constructionError(options: ConstructorParameters<typeof CodeSpar>[0]): CodesparApiError {
  try {
    new CodeSpar(options);
  } catch (err) {
    expect(err).toBeInstanceOf(CodesparApiError);
    return err as CodesparApiError;
  }
  throw new Error("expected the constructor to throw");
}

describe("new CodeSpar(): API key", () => {
  beforeEach(() => {
    vi.stubEnv("CODESPAR_API_KEY", undefined);
    vi.stubEnv("CODESPAR_BASE_URL", undefined);
  });
  afterEach(() => vi.unstubAllEnvs());

  it("accepts a live or a test key", () => {
    expect(() => new CodeSpar({ apiKey: "csk_live_abc123" })).not.toThrow();
    expect(() => new CodeSpar({ apiKey: KEY })).not.toThrow();
  });

  it("falls back to CODESPAR_API_KEY", () => {
    vi.stubEnv("CODESPAR_API_KEY", KEY);
    expect(() => new CodeSpar()).not.toThrow();
  });

  it("prefers the apiKey option over the environment", () => {
    vi.stubEnv("CODESPAR_API_KEY", "not-a-key");
    expect(() => new CodeSpar({ apiKey: KEY })).not.toThrow();
  });

  it("treats an empty apiKey as absent and falls back to the environment", () => {
    vi.stubEnv("CODESPAR_API_KEY", KEY);
    expect(() => new CodeSpar({ apiKey: "" })).not.toThrow();
  });

  it("throws invalid_api_key with status 0 when no key is anywhere, naming the env var", () => {
    const err = constructionError({});
    expect(err).toMatchObject({ status: 0, code: "invalid_api_key" });
    expect(err.message).toContain("CODESPAR_API_KEY");
  });

  it.each(["sk_live_51HxYzSecretStripeKey", "csk_prod_abc", "CSK_LIVE_abc"])("rejects %s without echoing it", (apiKey) => {
    const err = constructionError({ apiKey });
    expect(err.code).toBe("invalid_api_key");
    expect(err.message).toMatch(/csk_live_.*csk_test_/);
    expect(err.message).not.toContain(apiKey);
    expect(err.message).not.toContain(apiKey.slice(-6));
  });

  it("rejects a bare prefix with nothing after it", () => {
    expect(constructionError({ apiKey: "csk_live_" }).code).toBe("invalid_api_key");
  });

  it("rejects a key with whitespace, which would otherwise reach the header, without echoing it", () => {
    const err = constructionError({ apiKey: `${KEY}\n` });
    expect(err.code).toBe("invalid_api_key");
    expect(err.message).not.toContain("s3cr3t");
  });

  it("never shows the key when the client is logged", () => {
    const client = new CodeSpar({ apiKey: KEY });
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(client)).not.toContain(KEY);
  });
});

describe("new CodeSpar(): base URL and options", () => {
  beforeEach(() => vi.stubEnv("CODESPAR_BASE_URL", undefined));
  afterEach(() => vi.unstubAllEnvs());

  it("defaults to the local server", () => expect(new CodeSpar({ apiKey: KEY }).baseUrl).toBe("http://127.0.0.1:7420"));

  it("falls back to CODESPAR_BASE_URL, and the option wins over it", () => {
    vi.stubEnv("CODESPAR_BASE_URL", "https://codespar.internal:8443");
    expect(new CodeSpar({ apiKey: KEY }).baseUrl).toBe("https://codespar.internal:8443");
    expect(new CodeSpar({ apiKey: KEY, baseUrl: "http://localhost:9000" }).baseUrl).toBe("http://localhost:9000");
  });

  it("keeps a path prefix and drops trailing slashes", () => {
    expect(new CodeSpar({ apiKey: KEY, baseUrl: "https://example.com/codespar/" }).baseUrl).toBe("https://example.com/codespar");
  });

  it("throws invalid_base_url for a URL that is not absolute http(s)", () => {
    expect(constructionError({ apiKey: KEY, baseUrl: "localhost:7420" }).code).toBe("invalid_base_url");
    expect(constructionError({ apiKey: KEY, baseUrl: "ftp://example.com" }).code).toBe("invalid_base_url");
  });

  it.each([0, -1, Number.NaN, Infinity])("rejects timeout %s as a RangeError", (timeout) => {
    expect(() => new CodeSpar({ apiKey: KEY, timeout })).toThrow(RangeError);
  });

  it("rejects a negative or fractional maxNetworkRetries", () => {
    expect(() => new CodeSpar({ apiKey: KEY, maxNetworkRetries: -1 })).toThrow(RangeError);
    expect(() => new CodeSpar({ apiKey: KEY, maxNetworkRetries: 0.5 })).toThrow(RangeError);
  });
});

describe("VERSION", () => {
  it("matches package.json, since it goes out in the User-Agent", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
