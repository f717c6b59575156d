import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodeSpar, type Session } from "@codespar/sdk";
import { startDevEnvironment, type DevEnvironment } from "@codespar/cli";

/**
 * How a refund call answers when the provider failed it, pinned after the reliability suite
 * (packages/cli/test/reliability) found a re-run making new refunds and a spent Stripe key
 * reported as a refusal.
 */
const PROVIDERS = ["stripe", "asaas", "mercadopago"] as const;
const CURRENCY = { stripe: "USD", asaas: "BRL", mercadopago: "BRL" } as const;

let env: DevEnvironment;
let session: Session;
beforeAll(async () => {
  env = await startDevEnvironment({ webhooks: false, server: { settlementPollIntervalMs: 25, settlementBackoffBaseMs: 25, settlementBackoffMaxMs: 100 } });
  session = await new CodeSpar({ apiKey: env.apiKey, baseUrl: env.baseUrl }).create("rerun-outcomes", { servers: [...PROVIDERS] });
});
afterAll(async () => {
  await session?.close();
  await env?.close();
});

describe("a refund the provider accepted and then failed", () => {
  for (const p of PROVIDERS) {
    it(`${p}: a re-run answers provider_error from the ledger and makes no new refund`, async () => {
      env.sandbox[p].setRefundBehaviour({ pendingRate: 1, settleAfterMs: 600_000 });
      try {
        const payment = await env.sandbox[p].createPayment(4000, CURRENCY[p]);
        const first = await session.execute("codespar_pay", { action: "refund", payment_id: payment.payment_id });
        expect((first.data as { status: string }).status).toBe("pending");
        const made = env.sandbox[p].refunds().find((r) => r.payment_id === payment.payment_id)!;
        env.sandbox[p].settleRefund(made.refund_id, "failed");
        for (let i = 0; (await session.paymentStatus(first.tool_call_id!)).payment_status !== "failed"; i++) {
          if (i > 200) throw new Error("the poller never saw the failure");
          await new Promise((r) => setTimeout(r, 25));
        }
        const again = await session.execute("codespar_pay", { action: "refund", payment_id: payment.payment_id });
        expect(again).toMatchObject({ success: false, error_code: "provider_error" });
        expect(again.data).toMatchObject({ refund_id: made.refund_id, status: "failed", replayed: true });
        expect(env.sandbox[p].refunds().filter((r) => r.payment_id === payment.payment_id)).toHaveLength(1);
      } finally {
        env.sandbox[p].setRefundBehaviour({});
      }
    });
  }
});

describe("Stripe replaying a stored 5xx under every key the call tries", () => {
  it("ends provider_unavailable (retryable), not a refusal, and nothing is refunded", async () => {
    const proxy = await startReplayedFailureProxy(env.sandbox.stripe.url);
    const connect = (baseUrl: string) =>
      fetch(`${env.baseUrl}/v1/connections`, {
        method: "POST",
        headers: { authorization: `Bearer ${env.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ server: "stripe", base_url: baseUrl, credentials: { api_key: env.sandbox.stripe.key } }),
      });
    const payment = await env.sandbox.stripe.createPayment(2500, "USD");
    try {
      expect((await connect(proxy.url)).status).toBe(201);
      const result = await session.execute("codespar_pay", { action: "refund", payment_id: payment.payment_id });
      expect(result).toMatchObject({ success: false, error_code: "provider_unavailable" });
      // Every attempt went out under a fresh header key after the previous one was found spent.
      expect(new Set(proxy.keys).size).toBe(proxy.keys.length);
    } finally {
      await connect(env.sandbox.stripe.url);
      await proxy.close();
    }
    expect(env.sandbox.stripe.refunds().filter((r) => r.payment_id === payment.payment_id)).toHaveLength(0);
  }, 30_000);
});

/** Stripe in front of the emulator, answering each refund POST as Stripe replays a 5xx stored under its key; everything else passes through. */
async function startReplayedFailureProxy(target: string): Promise<{ url: string; keys: string[]; close(): Promise<void> }> {
  const upstream = new URL(target);
  const keys: string[] = [];
  const server: Server = createServer((req, res) => {
    if (req.method === "POST" && req.url === "/v1/refunds") {
      keys.push(String(req.headers["idempotency-key"]));
      req.resume();
      res.writeHead(500, { "content-type": "application/json", "idempotent-replayed": "true", "idempotency-key": String(req.headers["idempotency-key"]) });
      return res.end(JSON.stringify({ error: { type: "api_error", message: "Sorry, something went wrong." } }));
    }
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on("error", () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    keys,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
