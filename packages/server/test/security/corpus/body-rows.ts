import { BATCH_BODY_LIMIT, BODY_LIMIT } from "../hostile-context.js";
import { bodies, type HostileRequest } from "./hostile-request.js";

const invalid = { status: 400, code: "invalid_request" } as const;
const json = { "content-type": "application/json" };
const nested = (depth: number): string => `${"[".repeat(depth)}${"]".repeat(depth)}`;

/** Bodies that are not JSON, not an object, too big, or not sent as JSON at all. */
export const MALFORMED_BODY_ROWS: HostileRequest[] = [
  { ...invalid, name: "malformed JSON", method: "POST", path: "/v1/sessions", headers: json, raw: "{not json" },
  { ...invalid, name: "truncated JSON", method: "POST", path: "/v1/sessions", headers: json, raw: '{"user_id":"u"' },
  { ...invalid, name: "NaN is not JSON", method: "POST", path: (c) => `/v1/sessions/${c.ids.session}/execute`, headers: json, raw: '{"tool":"codespar_pay","input":{"action":"refund","payment_id":"pi_1","amount":NaN}}' },
  { ...invalid, name: "empty body declared as JSON", method: "POST", path: "/v1/sessions", headers: json, raw: "" },
  { ...invalid, name: "JSON null", method: "POST", path: "/v1/sessions", headers: json, raw: "null" },
  { ...invalid, name: "JSON array instead of an object", method: "POST", path: "/v1/sessions", headers: json, raw: '[{"user_id":"u"}]' },
  { ...invalid, name: "JSON string instead of an object", method: "POST", path: "/v1/sessions", headers: json, raw: '"user_id=u"' },
  { ...invalid, name: "__proto__ pollution", method: "POST", path: "/v1/sessions", headers: json, raw: '{"user_id":"u","__proto__":{"admin":true}}' },
  { ...invalid, name: "constructor.prototype pollution", method: "POST", path: "/v1/sessions", headers: json, raw: '{"user_id":"u","constructor":{"prototype":{"admin":true}}}' },
  { ...invalid, name: "metadata nested 40 deep", method: "POST", path: "/v1/sessions", headers: json, raw: `{"user_id":"u","metadata":{"a":${nested(40)}}}` },
  { ...invalid, name: "metadata nested 10000 deep (once a 500)", method: "POST", path: "/v1/sessions", headers: json, raw: `{"user_id":"u","metadata":{"a":${nested(10_000)}}}` },
  { ...invalid, name: "batch metadata nested 5000 deep", method: "POST", path: "/v1/batches", headers: json, raw: `{"tool":"codespar_pay","items":[{"action":"refund","payment_id":"pi_1"}],"metadata":{"a":${nested(5000)}}}` },
  { name: "text/plain body (once parsed as a string)", method: "POST", path: "/v1/sessions", headers: { "content-type": "text/plain" }, raw: '{"user_id":"u"}', status: 415, code: "invalid_request" },
  { name: "form-encoded body", method: "POST", path: "/v1/sessions", headers: { "content-type": "application/x-www-form-urlencoded" }, raw: "user_id=u", status: 415, code: "invalid_request" },
  { name: "multipart body", method: "POST", path: "/v1/sessions", headers: { "content-type": "multipart/form-data; boundary=x" }, raw: '--x\r\nContent-Disposition: form-data; name="user_id"\r\n\r\nu\r\n--x--', status: 415, code: "invalid_request" },
  { name: "XML body", method: "POST", path: "/v1/connections", headers: { "content-type": "application/xml" }, raw: "<connection><server>stripe</server></connection>", status: 415, code: "invalid_request" },
  { name: "body with no content type", method: "POST", path: "/v1/sessions", raw: '{"user_id":"u"}', status: 415, code: "invalid_request" },
  { name: "look-alike content type application/jsonx", method: "POST", path: "/v1/sessions", headers: { "content-type": "application/jsonx" }, raw: '{"user_id":"u"}', status: 415, code: "invalid_request" },
  { name: "oversized session body", method: "POST", path: "/v1/sessions", json: { user_id: "u", metadata: { pad: "x".repeat(BODY_LIMIT) } }, status: 413, code: "payload_too_large" },
  { name: "oversized execute body", method: "POST", path: (c) => `/v1/sessions/${c.ids.session}/execute`, json: { tool: "codespar_pay", input: { action: "refund", payment_id: "pi_1", reason: "x".repeat(BODY_LIMIT) } }, status: 413, code: "payload_too_large" },
  { name: "oversized batch body", method: "POST", path: "/v1/batches", json: { tool: "codespar_pay", items: Array.from({ length: 2000 }, (_, i) => ({ action: "refund", payment_id: `pi_${String(i).padStart(24, "0")}` })) }, status: 413, code: "payload_too_large" },
  { name: "oversized body with a lying Content-Length", method: "POST", path: "/v1/sessions", headers: { "content-type": "application/json", "content-length": String(BATCH_BODY_LIMIT * 4) }, raw: '{"user_id":"u"}', status: 413, code: "payload_too_large" },
];

/** POST /v1/sessions and /v1/connections with every field of the wrong type or shape. */
export const FIELD_ROWS: HostileRequest[] = [
  ...bodies({ ...invalid, method: "POST", path: "/v1/sessions" }, [
    ["session: user_id missing", { servers: ["stripe"] }],
    ["session: user_id a number", { user_id: 123 }],
    ["session: user_id empty", { user_id: "" }],
    ["session: user_id 201 characters", { user_id: "u".repeat(201) }],
    ["session: user_id null", { user_id: null }],
    ["session: servers a string", { user_id: "u", servers: "stripe" }],
    ["session: servers unknown", { user_id: "u", servers: ["stripe", "paypal"] }],
    ["session: servers numbers", { user_id: "u", servers: [1, 2] }],
    ["session: 33 servers", { user_id: "u", servers: Array.from({ length: 33 }, () => "stripe") }],
    ["session: unknown preset (once silently every server)", { user_id: "u", preset: "everything" }],
    ["session: preset 'constructor' (once a 500)", { user_id: "u", preset: "constructor" }],
    ["session: metadata an array", { user_id: "u", metadata: ["a"] }],
    ["session: metadata a string", { user_id: "u", metadata: "{}" }],
    ["session: metadata over 16 KiB", { user_id: "u", metadata: { pad: "x".repeat(17_000) } }],
    ["session: metadata key of 101 characters", { user_id: "u", metadata: { ["k".repeat(101)]: 1 } }],
    ["session: unknown field", { user_id: "u", admin: true }],
    ["session: project_id a number", { user_id: "u", project_id: 1 }],
    ["session: preset a number", { user_id: "u", preset: 1 }],
  ]),
  { name: "connection: a live connection with a test key", method: "POST", path: "/v1/connections", json: { server: "stripe", mode: "live", credentials: { api_key: "sk_live_abcdefgh12345678" } }, status: 403, code: "forbidden" },
  ...bodies({ ...invalid, method: "POST", path: "/v1/connections" }, [
    ["connection: unknown server", { server: "paypal", credentials: { api_key: "sk_test_abcdefgh12345678" } }],
    ["connection: server missing", { credentials: { api_key: "sk_test_abcdefgh12345678" } }],
    ["connection: credentials missing", { server: "stripe" }],
    ["connection: api_key empty", { server: "stripe", credentials: { api_key: "" } }],
    ["connection: api_key of the wrong provider", { server: "stripe", credentials: { api_key: "$aact_abcdefgh12345678" } }],
    ["connection: api_key a number", { server: "stripe", credentials: { api_key: 12345678 } }],
    ["connection: credentials a string", { server: "stripe", credentials: "sk_test_abcdefgh12345678" }],
    ["connection: webhook_secret a number", { server: "stripe", credentials: { api_key: "sk_test_abcdefgh12345678", webhook_secret: 42 } }],
    ["connection: webhook_secret empty", { server: "stripe", credentials: { api_key: "sk_test_abcdefgh12345678", webhook_secret: "" } }],
    ["connection: base_url a number", { server: "stripe", base_url: 8080, credentials: { api_key: "sk_test_abcdefgh12345678" } }],
    ["connection: mode a boolean", { server: "stripe", mode: true, credentials: { api_key: "sk_test_abcdefgh12345678" } }],
    ["connection: server an array", { server: ["stripe"], credentials: { api_key: "sk_test_abcdefgh12345678" } }],
    ["connection: unknown credential field", { server: "stripe", credentials: { api_key: "sk_test_abcdefgh12345678", password: "hunter2" } }],
    ["connection: mode prod", { server: "stripe", mode: "prod", credentials: { api_key: "sk_test_abcdefgh12345678" } }],
    ["connection: base_url file://", { server: "stripe", base_url: "file:///etc/passwd", credentials: { api_key: "sk_test_abcdefgh12345678" } }],
    ["connection: base_url with credentials", { server: "stripe", base_url: "http://user:pass@127.0.0.1:9", credentials: { api_key: "sk_test_abcdefgh12345678" } }],
    ["connection: base_url not a URL", { server: "stripe", base_url: "not a url", credentials: { api_key: "sk_test_abcdefgh12345678" } }],
    ["connection: rate_limit_per_s negative", { server: "stripe", rate_limit_per_s: -1, credentials: { api_key: "sk_test_abcdefgh12345678" } }],
    ["connection: rate_limit_per_s zero", { server: "stripe", rate_limit_per_s: 0, credentials: { api_key: "sk_test_abcdefgh12345678" } }],
    ["connection: rate_limit_per_s huge", { server: "stripe", rate_limit_per_s: 1e9, credentials: { api_key: "sk_test_abcdefgh12345678" } }],
    ["connection: rate_limit_per_s a string", { server: "stripe", rate_limit_per_s: "10", credentials: { api_key: "sk_test_abcdefgh12345678" } }],
  ]),
];
