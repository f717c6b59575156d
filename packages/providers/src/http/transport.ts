import type { FailurePhase } from "../errors/wire-failure.js";

/** Socket codes that mean the connection never opened, so the provider cannot have seen anything. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

const TIMEOUT_CODES = new Set(["ETIMEDOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

export interface TransportClass {
  phase: Exclude<FailurePhase, "response">;
  transportCode?: string;
}

function codeOf(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Sorts a thrown transport error (fetch's TypeError with a `cause`, an abort, stripe-node's
 * `detail`) into a phase. Anything unrecognised counts as `lost`: assuming "not sent" when we
 * don't know could double a refund, assuming "maybe sent" only costs a read-back.
 */
export function classifyTransportError(err: unknown): TransportClass {
  const name = typeof err === "object" && err !== null ? (err as { name?: unknown }).name : undefined;
  if (name === "TimeoutError" || name === "AbortError") return { phase: "timeout", transportCode: "ETIMEDOUT" };
  const nested = typeof err === "object" && err !== null ? (err as { cause?: unknown; detail?: unknown }) : {};
  const code = codeOf(nested.cause) ?? codeOf(nested.detail) ?? codeOf(err) ?? codeOf((nested.cause as { cause?: unknown } | undefined)?.cause);
  if (code !== undefined && NOT_SENT_CODES.has(code)) return { phase: "not_sent", transportCode: code };
  if (code !== undefined && TIMEOUT_CODES.has(code)) return { phase: "timeout", transportCode: code };
  return code === undefined ? { phase: "lost" } : { phase: "lost", transportCode: code };
}
