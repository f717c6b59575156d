import type { ErrorCode } from "@codespar/protocol";
import type { HostileContext } from "../hostile-context.js";
import type { Answer, RawRequest } from "../http-client.js";

type Lazy<T> = T | ((c: HostileContext) => T);

/** One row of the corpus: a request as an attacker (or a careless client) sends it, and the one right answer. */
export interface HostileRequest {
  name: string;
  /** Which server answers; default "main". */
  on?: "main" | "short";
  method: string;
  path: Lazy<string>;
  /** Whose key goes in `Authorization: Bearer …`; default "a". null: no Authorization unless `headers` has one. */
  key?: keyof HostileContext["keys"] | null;
  headers?: Lazy<Record<string, string>>;
  /** Sent JSON-encoded as application/json. */
  json?: Lazy<unknown>;
  /** Sent byte for byte; the content type comes from `headers`. */
  raw?: Lazy<string | Buffer>;
  status: number;
  /** error.code of the answer; null when the right answer is not an error (a replayed webhook's 200). */
  code: ErrorCode | null;
  /** Refused by the router or the HTTP parser before any hook runs, so without RateLimit headers. */
  beforeHooks?: boolean;
  /** Anything else the answer must show. */
  check?: (a: Answer, c: HostileContext) => void;
}

function lazy<T>(v: Lazy<T>, c: HostileContext): T {
  return typeof v === "function" ? (v as (c: HostileContext) => T)(c) : v;
}

export function toRawRequest(row: HostileRequest, c: HostileContext): RawRequest {
  const keyName = row.key === undefined ? "a" : row.key;
  const headers: Record<string, string> = { ...(keyName ? { authorization: `Bearer ${c.keys[keyName]}` } : {}), ...lazy(row.headers ?? {}, c) };
  let body: string | Buffer | undefined;
  if (row.json !== undefined) {
    body = JSON.stringify(lazy(row.json, c));
    headers["content-type"] ??= "application/json";
  } else if (row.raw !== undefined) {
    body = lazy(row.raw, c);
  }
  return { method: row.method, path: lazy(row.path, c), headers, ...(body !== undefined ? { body } : {}) };
}

/** Rows that share everything but a body: one per (name, body). */
export function bodies(base: Omit<HostileRequest, "name" | "json">, cases: [string, unknown][]): HostileRequest[] {
  return cases.map(([name, json]) => ({ ...base, name, json }));
}
