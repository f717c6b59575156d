import { expect } from "vitest";
import type { HostileContext } from "../hostile-context.js";
import type { HostileRequest } from "./hostile-request.js";

const invalid = { status: 400, code: "invalid_request" } as const;
const get = (name: string, path: string | ((c: HostileContext) => string)): HostileRequest => ({ ...invalid, name, method: "GET", path });

/** Query parameters of the wrong type, range or name: 400, never a guess. */
export const QUERY_ROWS: HostileRequest[] = [
  get("sessions: limit=-1", "/v1/sessions?limit=-1"),
  get("sessions: limit=abc", "/v1/sessions?limit=abc"),
  get("sessions: limit=0", "/v1/sessions?limit=0"),
  get("sessions: limit=101", "/v1/sessions?limit=101"),
  get("sessions: limit=1.5", "/v1/sessions?limit=1.5"),
  get("sessions: limit given twice", "/v1/sessions?limit=1&limit=2"),
  get("sessions: unknown parameter", "/v1/sessions?project_id=proj_other"),
  get("sessions: before 65 characters", `/v1/sessions?before=${"s".repeat(65)}`),
  get("sessions: __proto__ and constructor parameters", "/v1/sessions?__proto__=x&constructor=y"),
  get("batch items: limit=-1", (c) => `/v1/batches/${c.ids.batch}/items?limit=-1`),
  get("batch items: unknown status", (c) => `/v1/batches/${c.ids.batch}/items?status=stolen`),
  get("batch items: after=abc", (c) => `/v1/batches/${c.ids.batch}/items?after=abc`),
  get("batch events: after=-1", (c) => `/v1/batches/${c.ids.batch}/events?after=-1`),
  get("usage: from not a date", "/v1/usage?from=yesterday"),
  get("usage: from month 13", "/v1/usage?from=2026-13-45"),
  get("usage: from after to", "/v1/usage?from=2026-05-01&to=2026-01-01"),
  get("usage: unknown parameter", "/v1/usage?project=beta"),
];

/** Ids with traversal, control characters, SQL and encodings: not found (or invalid), never anything else. */
export const PATH_ROWS: HostileRequest[] = [
  { name: "session id with encoded ../", method: "GET", path: "/v1/sessions/..%2F..%2Fetc%2Fpasswd", status: 404, code: "session_not_found" },
  { name: "raw ../ out of the sessions route", method: "GET", path: "/v1/sessions/../whoami", status: 404, code: "not_found" },
  { name: "session id with a NUL", method: "GET", path: "/v1/sessions/ses_%00", status: 404, code: "session_not_found" },
  {
    name: "session id with CRLF header injection",
    method: "GET",
    path: "/v1/sessions/ses_%0d%0aSet-Cookie:%20admin=1",
    status: 404,
    code: "session_not_found",
    check: (a) => expect(a.headers["set-cookie"]).toBeUndefined(),
  },
  { name: "an API key as a session id is not echoed back", method: "GET", path: (c) => `/v1/sessions/${c.keys.a}`, status: 404, code: "session_not_found" },
  { name: "another project's key as a batch id is not echoed back", method: "GET", path: (c) => `/v1/batches/${c.keys.b}`, status: 404, code: "not_found" },
  { name: "an API key in an unknown route is not echoed back", method: "GET", path: (c) => `/v1/keys/${c.keys.a}`, status: 404, code: "not_found" },
  { name: "tool call id with SQL", method: "GET", path: "/v1/tool-calls/tc_1'%20OR%20'1'='1", status: 404, code: "not_found" },
  { name: "batch id *", method: "GET", path: "/v1/batches/*", status: 404, code: "not_found" },
  { name: "connection id with ../ on DELETE", method: "DELETE", path: "/v1/connections/..%2F..%2Fconnections", status: 404, code: "not_found" },
  { ...invalid, name: "session id of 65 characters", method: "GET", path: `/v1/sessions/ses_${"a".repeat(61)}` },
  { name: "session id of 150 characters (router limit)", method: "GET", path: `/v1/sessions/${"a".repeat(150)}`, status: 414, code: "invalid_request", beforeHooks: true },
  { name: "undecodable percent-encoding", method: "GET", path: "/v1/sessions/%E0%A4%A", status: 400, code: "invalid_request", beforeHooks: true },
  { name: "double slash", method: "GET", path: "/v1//sessions", status: 404, code: "not_found" },
  { name: "PUT on a collection", method: "PUT", path: "/v1/sessions", json: { user_id: "u" }, status: 404, code: "not_found" },
  { name: "PATCH a session", method: "PATCH", path: (c) => `/v1/sessions/${c.ids.session}`, json: { status: "active" }, status: 404, code: "not_found" },
  { name: "upper-case /V1 prefix", method: "GET", path: "/V1/whoami", key: null, status: 404, code: "not_found" },
  { name: "absolute-form target skipping the /v1 prefix check (once served /v1/tools without a key)", method: "GET", path: "http://evil.example/v1/tools", key: null, status: 401, code: "unauthorized" },
  { name: "absolute-form target to whoami (once a 500)", method: "GET", path: "http://evil.example/v1/whoami", key: null, status: 401, code: "unauthorized" },
  {
    name: "X-HTTP-Method-Override: DELETE on a read is ignored",
    method: "GET",
    path: (c) => `/v1/sessions/${c.ids.session}`,
    headers: { "x-http-method-override": "DELETE" },
    status: 200,
    code: null,
    check: (a) => expect(a.body.status).toBe("active"),
  },
  {
    name: "both Content-Length and Transfer-Encoding (request smuggling)",
    method: "POST",
    path: "/v1/sessions",
    headers: { "content-type": "application/json", "content-length": "15", "transfer-encoding": "chunked" },
    raw: '{"user_id":"u"}',
    status: 400,
    code: "invalid_request",
    beforeHooks: true,
  },
  { name: "chunked body over the limit, no Content-Length", method: "POST", path: "/v1/sessions", headers: { "content-type": "application/json", "transfer-encoding": "chunked" }, raw: `{"user_id":"u","metadata":{"pad":"${"x".repeat(40_000)}"}}`, status: 413, code: "payload_too_large" },
  {
    name: "request headers over the server's limit",
    method: "GET",
    path: "/v1/whoami",
    headers: { "x-padding": "p".repeat(20_000) },
    status: 431,
    code: "invalid_request",
    beforeHooks: true,
  },
];
