import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Store } from "@codespar/server";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

export interface RefundSeed {
  server: string;
  connectionId: string;
  key: string;
  paymentId: string;
  state: "in_flight" | "pending" | "succeeded" | "failed" | "unknown";
  refundId: string | null;
  amount?: number | null;
}

export interface WebhookFixture {
  t: TestServer;
  projectId: string;
  /** Adds a test connection through the API; returns its id. */
  connect(server: "stripe" | "asaas" | "mercadopago", opts?: { secret?: string; baseUrl?: string }): Promise<string>;
  /** Writes a refund row as the refund service would have left it. */
  seedRefund(s: RefundSeed): Promise<void>;
  refund(key: string): ReturnType<Store["refundAttempts"]["get"]>;
  post(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: any }>;
  /** refund.state events as billing and audit see them. */
  stateEvents: { key: string; state: string; previous: string; source: string }[];
  close(): Promise<void>;
}

const KEYS = { stripe: "sk_test_webhooks12345", asaas: "$aact_webhooks12345", mercadopago: "TEST-webhooks-12345" } as const;

export async function startWebhookFixture(): Promise<WebhookFixture> {
  const t = await startTestServer({ settlementPollIntervalMs: 0 });
  const who = await t.api("GET", "/v1/whoami");
  const projectId = who.body.project.id as string;
  const stateEvents: WebhookFixture["stateEvents"] = [];
  t.server.services.events.on("refund.state", (e) => {
    stateEvents.push({ key: e.record.idempotency_key, state: e.record.state, previous: e.previousState, source: e.source });
  });
  return {
    t,
    projectId,
    stateEvents,
    async connect(server, opts = {}) {
      const credentials = { api_key: KEYS[server], ...(opts.secret ? { webhook_secret: opts.secret } : {}) };
      const res = await t.api("POST", "/v1/connections", { body: { server, mode: "test", base_url: opts.baseUrl ?? "http://127.0.0.1:9", credentials } });
      if (res.status !== 201) throw new Error(`connection: ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    },
    async seedRefund(s) {
      const now = new Date().toISOString();
      await t.server.services.store.refundAttempts.claim({
        project_id: projectId, idempotency_key: s.key, server: s.server, connection_id: s.connectionId, payment_id: s.paymentId,
        amount: s.amount === undefined ? 1000 : s.amount, state: s.state, refund_id: s.refundId, refunded_amount: s.refundId ? 1000 : null,
        currency: s.refundId ? "BRL" : null, error_code: s.state === "unknown" ? "outcome_unknown" : null, attempts: 1,
        first_tool_call_id: "tc_seed", last_tool_call_id: "tc_seed", created_at: now, updated_at: now,
      });
    },
    async refund(key) {
      return t.server.services.store.refundAttempts.get(projectId, key);
    },
    async post(path, body, headers) {
      const res = await t.api("POST", path, { key: null, rawBody: body, headers: { "content-type": "application/json", ...headers } });
      return { status: res.status, body: res.body };
    },
    close: () => t.close(),
  };
}

/** A stand-in for Mercado Pago's GET /v1/payments/:id, answering whatever the test put in `payments`. */
export async function startFakeMercadoPago(): Promise<{ url: string; payments: Map<string, unknown>; reads: string[]; close(): Promise<void> }> {
  const payments = new Map<string, unknown>();
  const reads: string[] = [];
  const server: Server = createServer((req, res) => {
    const id = /^\/v1\/payments\/([^/?]+)$/.exec(req.url ?? "")?.[1];
    if (id) reads.push(id);
    const payment = id ? payments.get(id) : undefined;
    res.setHeader("content-type", "application/json");
    if (!payment) {
      res.statusCode = 404;
      res.end(JSON.stringify({ message: "Payment not found", error: "not_found", status: 404, cause: [{ code: 2000, description: "Payment not found" }] }));
      return;
    }
    res.end(JSON.stringify(payment));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, payments, reads, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export function mpPayment(id: string, refunds: { id: number; amount: number; status: string }[], status = "approved"): unknown {
  return {
    id: Number(id), status, status_detail: refunds.length ? "partially_refunded" : "accredited", transaction_amount: 100, transaction_amount_refunded: 0,
    currency_id: "BRL", refunds: refunds.map((r) => ({ ...r, payment_id: Number(id), date_created: new Date().toISOString() })),
  };
}

export const nowS = (): number => Math.floor(Date.now() / 1000);
