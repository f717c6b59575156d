import type { HostileRequest } from "./hostile-request.js";

/**
 * Project beta's key on project alpha's things. Always a 404 (never 403): whether another
 * project's id exists is not ours to confirm. Nothing is read, closed, cancelled or deleted.
 */
const asB = { key: "b" } as const;
const sessionGone = { ...asB, status: 404, code: "session_not_found" } as const;
const notFound = { ...asB, status: 404, code: "not_found" } as const;

export const CROSS_PROJECT_ROWS: HostileRequest[] = [
  { ...sessionGone, name: "read another project's session", method: "GET", path: (c) => `/v1/sessions/${c.ids.session}` },
  { ...sessionGone, name: "execute in another project's session", method: "POST", path: (c) => `/v1/sessions/${c.ids.session}/execute`, json: { tool: "codespar_discover", input: { domain: "payments", capability: "refund" } } },
  { ...sessionGone, name: "refund through another project's session", method: "POST", path: (c) => `/v1/sessions/${c.ids.session}/execute`, json: (c) => ({ tool: "codespar_pay", input: { action: "refund", payment_id: c.main.env.payments[2]!.payment_id } }) },
  { ...sessionGone, name: "DELETE another project's session", method: "DELETE", path: (c) => `/v1/sessions/${c.ids.session}` },
  { ...sessionGone, name: "close another project's session", method: "POST", path: (c) => `/v1/sessions/${c.ids.session}/close` },
  { ...sessionGone, name: "list another project's session connections", method: "GET", path: (c) => `/v1/sessions/${c.ids.session}/connections` },
  { ...sessionGone, name: "batch in another project's session", method: "POST", path: "/v1/batches", json: (c) => ({ tool: "codespar_pay", session: c.ids.session, items: [{ action: "refund", payment_id: "pi_123" }] }) },
  { ...notFound, name: "read another project's tool call", method: "GET", path: (c) => `/v1/tool-calls/${c.ids.toolCall}` },
  { ...notFound, name: "read another project's refund payment status", method: "GET", path: (c) => `/v1/tool-calls/${c.ids.refundCall}/payment-status` },
  { ...notFound, name: "stream another project's refund payment status", method: "GET", path: (c) => `/v1/tool-calls/${c.ids.refundCall}/payment-status/stream` },
  { ...notFound, name: "read another project's batch", method: "GET", path: (c) => `/v1/batches/${c.ids.batch}` },
  { ...notFound, name: "page another project's batch items", method: "GET", path: (c) => `/v1/batches/${c.ids.batch}/items` },
  { ...notFound, name: "stream another project's batch events", method: "GET", path: (c) => `/v1/batches/${c.ids.batch}/events` },
  { ...notFound, name: "cancel another project's batch", method: "POST", path: (c) => `/v1/batches/${c.ids.batch}/cancel` },
  { ...notFound, name: "retry another project's failed batch items", method: "POST", path: (c) => `/v1/batches/${c.ids.batch}/retry-failed` },
  { ...notFound, name: "DELETE another project's connection", method: "DELETE", path: (c) => `/v1/connections/${c.conn.stripe}` },
  { ...notFound, name: "create a session naming another project", method: "POST", path: "/v1/sessions", json: (c) => ({ user_id: "mallory", project_id: c.projectA }) },
  { ...notFound, name: "create a session naming another project by name", method: "POST", path: "/v1/sessions", json: { user_id: "mallory", project_id: "alpha" } },
];

/** Sessions that are over: every call that would act in one is a 410 and touches nothing. */
export const SESSION_STATE_ROWS: HostileRequest[] = [
  { name: "execute in an expired session", on: "short", key: "short", method: "POST", path: (c) => `/v1/sessions/${c.ids.expiredSession}/execute`, json: { tool: "codespar_discover", input: { domain: "payments", capability: "refund" } }, status: 410, code: "session_expired" },
  { name: "refund in an expired session", on: "short", key: "short", method: "POST", path: (c) => `/v1/sessions/${c.ids.expiredSession}/execute`, json: (c) => ({ tool: "codespar_pay", input: { action: "refund", payment_id: c.short.env.payments[0]?.payment_id ?? "pi_123" } }), status: 410, code: "session_expired" },
  { name: "batch in an expired session", on: "short", key: "short", method: "POST", path: "/v1/batches", json: (c) => ({ tool: "codespar_pay", session: c.ids.expiredSession, items: [{ action: "refund", payment_id: "pi_123" }] }), status: 410, code: "session_expired" },
  { name: "execute in a closed session", method: "POST", path: (c) => `/v1/sessions/${c.ids.closedSession}/execute`, json: { tool: "codespar_discover", input: { domain: "payments", capability: "refund" } }, status: 410, code: "session_closed" },
  { name: "batch in a closed session", method: "POST", path: "/v1/batches", json: (c) => ({ tool: "codespar_pay", session: c.ids.closedSession, items: [{ action: "refund", payment_id: "pi_123" }] }), status: 410, code: "session_closed" },
  { name: "close an already closed session again (idempotent, changes nothing)", method: "DELETE", path: (c) => `/v1/sessions/${c.ids.closedSession}`, status: 200, code: null },
  { name: "execute in a session that never existed", method: "POST", path: "/v1/sessions/ses_0000000000000000000000/execute", json: { tool: "codespar_discover", input: {} }, status: 404, code: "session_not_found" },
];
