import { expect } from "vitest";
import type { HostileContext } from "../hostile-context.js";
import type { HostileRequest } from "./hostile-request.js";

const K32 = "A1b2C3d4E5f6G7h8J9k0L1m2N3p4Q5r6";
const unauthorized = { status: 401, code: "unauthorized" } as const;
const whoami = { method: "GET", path: "/v1/whoami", key: null, ...unauthorized } as const;
const withAuth = (name: string, authorization: string | ((c: HostileContext) => string)): HostileRequest => ({
  ...whoami,
  name,
  headers: (c) => ({ authorization: typeof authorization === "function" ? authorization(c) : authorization }),
});

/** Missing, malformed, wrong-scheme, unknown and revoked keys: always 401, never a hint of which key exists. */
export const AUTH_ROWS: HostileRequest[] = [
  { ...whoami, name: "no Authorization header" },
  withAuth("Authorization: Bearer with no key", "Bearer"),
  withAuth("Authorization: empty value", " "),
  withAuth("Basic scheme carrying a real key", (c) => `Basic ${Buffer.from(`${c.keys.a}:`).toString("base64")}`),
  withAuth("Token scheme carrying a real key", (c) => `Token ${c.keys.a}`),
  withAuth("a real key with no scheme", (c) => c.keys.a),
  withAuth("a provider secret key instead of ours", "Bearer sk_test_51Abcdefghijklmnopqrstuvwxyz012345"),
  withAuth("wrong prefix csk_prod_", `Bearer csk_prod_${K32}`),
  withAuth("key one character short", `Bearer csk_test_${K32.slice(1)}`),
  withAuth("key one character long", `Bearer csk_test_${K32}x`),
  withAuth("key with punctuation", `Bearer csk_test_${K32.slice(0, 31)}-`),
  withAuth("two keys in one header", (c) => `Bearer ${c.keys.a} ${c.keys.b}`),
  withAuth("a real key with the case of its letters swapped", (c) => `Bearer ${c.keys.a.slice(0, 9)}${[...c.keys.a.slice(9)].map((ch) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase())).join("")}`),
  withAuth("an 8 KiB Authorization header", `Bearer ${"A".repeat(8192)}`),
  { ...whoami, name: "the tool catalog without a key", path: "/v1/tools" },
  { ...whoami, name: "well-formed key never issued", key: "unknown" },
  { ...whoami, name: "revoked key", key: "revoked" },
  { ...whoami, name: "key in the query string instead of the header", path: (c) => `/v1/whoami?api_key=${c.keys.a}` },
  { ...whoami, name: "key in an X-API-Key header", headers: (c) => ({ "x-api-key": c.keys.a }) },
  { name: "create a session without a key", method: "POST", path: "/v1/sessions", key: null, json: { user_id: "mallory" }, ...unauthorized },
  { name: "malformed JSON without a key: 401 before the body is read", method: "POST", path: "/v1/sessions", key: null, headers: { "content-type": "application/json" }, raw: "{not json", ...unauthorized },
  { name: "oversized body without a key: 401 before the body is read", method: "POST", path: "/v1/sessions", key: null, json: { user_id: "m", pad: "x".repeat(40_000) }, ...unauthorized },
  { name: "delete a connection with an unknown key", method: "DELETE", path: (c) => `/v1/connections/${c.conn.stripe}`, key: "unknown", ...unauthorized },
  { name: "cancel a batch with a revoked key", method: "POST", path: (c) => `/v1/batches/${c.ids.batch}/cancel`, key: "revoked", ...unauthorized },
  { name: "execute a refund without a key", method: "POST", path: (c) => `/v1/sessions/${c.ids.session}/execute`, key: null, json: { tool: "codespar_pay", input: { action: "refund", payment_id: "pi_123" } }, ...unauthorized },
  { name: "an unknown /v1 route without a key: 401, routes are not revealed", method: "GET", path: "/v1/admin/keys", key: null, ...unauthorized },
  {
    name: "an API key sent as X-Request-Id is not adopted, logged or echoed",
    method: "GET",
    path: "/v1/whoami",
    headers: (c) => ({ "x-request-id": c.keys.a }),
    status: 200,
    code: null,
    check: (a, c) => expect(a.headers["x-request-id"]).not.toBe(c.keys.a),
  },
  { ...whoami, name: "an unknown key sent as X-Request-Id too", key: "unknown", headers: (c) => ({ "x-request-id": c.keys.unknown }) },
  {
    ...whoami,
    name: "a forged X-Request-Id is not echoed",
    headers: { "x-request-id": "<script>alert(1)</script>" },
    check: (a) => {
      expect(a.body.request_id).toMatch(/^req_[0-9A-Za-z]{20}$/);
      expect(a.text).not.toContain("<script>");
    },
  },
];
