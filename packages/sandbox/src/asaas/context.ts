import type { HttpResult } from "../http/result.js";
import type { Params } from "../http/router.js";
import type { AsaasStore } from "./store.js";

export interface AsaasContext {
  params: Params;
  /** Parsed JSON body ({} when empty). */
  body: Record<string, unknown>;
  query: URLSearchParams;
  store: AsaasStore;
}

export type AsaasHandler = (ctx: AsaasContext) => HttpResult;

export function optionalString(v: unknown): string | null {
  return typeof v === "string" && v.trim() !== "" ? v : null;
}
