import Stripe from "stripe";
import { CodesparError } from "@codespar/protocol";
import type { WireFailure } from "../errors/wire-failure.js";
import { normalizeHeaders } from "../http/headers.js";
import { classifyTransportError } from "../http/transport.js";
import type { CheckedConfig } from "../options.js";

/**
 * The official SDK aimed at `baseUrl`: https://api.stripe.com live, http://127.0.0.1:PORT for the
 * sandbox. Retries are off because pacing and retry policy belong to our batch runner, which
 * knows the connection's budget; the SDK would retry blind to it.
 */
export function createStripeSdk(config: CheckedConfig): Stripe {
  const url = config.baseUrl;
  if (url.pathname !== "" && url.pathname !== "/") {
    // stripe-node only takes host/port/protocol: a path prefix would be silently dropped.
    throw new CodesparError("invalid_request", "Stripe connection: baseUrl must not have a path", { provider: "stripe" });
  }
  const protocol = url.protocol === "http:" ? "http" : "https";
  const port = url.port !== "" ? Number(url.port) : protocol === "http" ? 80 : 443;
  return new Stripe(config.apiKey, {
    host: url.hostname,
    port,
    protocol,
    maxNetworkRetries: 0,
    timeout: config.timeoutMs,
    telemetry: false,
    appInfo: { name: "codespar-selfhosted" },
  });
}

/**
 * A stripe-node error as our mapping functions see it. Returns undefined for anything that is
 * not a StripeError (a bug on our side), which the caller rethrows untouched.
 */
export function stripeWireFailure(err: unknown, mutating: boolean): WireFailure | undefined {
  if (!(err instanceof Stripe.errors.StripeError)) return undefined;
  if (err.statusCode === undefined) {
    const t = classifyTransportError(err);
    const failure: WireFailure = { phase: t.phase, mutating };
    if (t.transportCode !== undefined) failure.transportCode = t.transportCode;
    return failure;
  }
  const error: Record<string, string> = {};
  if (err.rawType !== undefined) error.type = err.rawType;
  if (err.code !== undefined) error.code = err.code;
  if (err.message !== "") error.message = err.message;
  if (err.param !== undefined) error.param = err.param;
  return { phase: "response", mutating, status: err.statusCode, headers: normalizeHeaders(err.headers), body: { error } };
}
