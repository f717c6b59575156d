import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodeSpar, type PaymentStatus, type Session } from "@codespar/sdk";
import { startDevEnvironment, type DevEnvironment } from "@codespar/cli";

/**
 * Settlement end to end: SDK -> server -> adapters -> emulators, with refunds that start
 * pending at the provider and settle later. Followed once through the emulators' signed
 * webhooks (poller off), once through the poller (webhooks off).
 */
const PROVIDERS = ["stripe", "asaas", "mercadopago"] as const;
type Provider = (typeof PROVIDERS)[number];
const CURRENCY: Record<Provider, string> = { stripe: "USD", asaas: "BRL", mercadopago: "BRL" };

/** Every refund starts pending and waits for the test to settle it. */
const PENDING = { pendingRate: 1, settleAfterMs: 600_000 };

interface Harness {
  env: DevEnvironment;
  codespar: CodeSpar;
  session: Session;
  stateEvents: { key: string; state: string; source: string }[];
}

async function harness(opts: { webhooks: boolean; server: Record<string, number> }): Promise<Harness> {
  const env = await startDevEnvironment({
    webhooks: opts.webhooks,
    server: opts.server,
    sandbox: { stripe: { refundBehaviour: PENDING }, asaas: { refundBehaviour: PENDING }, mercadopago: { refundBehaviour: PENDING } },
  });
  const stateEvents: Harness["stateEvents"] = [];
  env.server.services.events.on("refund.state", (e) => {
    stateEvents.push({ key: e.record.idempotency_key, state: e.record.state, source: e.source });
  });
  const codespar = new CodeSpar({ apiKey: env.apiKey, baseUrl: env.baseUrl });
  const session = await codespar.create("settlement-test", { servers: [...PROVIDERS] });
  return { env, codespar, session, stateEvents };
}

/** A pending refund of a fresh payment at `provider`; returns the tool call and the emulator's refund id. */
async function pendingRefund(h: Harness, provider: Provider, amount?: number) {
  const payment = await h.env.sandbox[provider].createPayment(5000, CURRENCY[provider]);
  const result = await h.session.execute("codespar_pay", { action: "refund", payment_id: payment.payment_id, ...(amount ? { amount } : {}), reason: "settlement test" });
  expect(result.success, result.error ?? "").toBe(true);
  expect((result.data as { status: string }).status).toBe("pending");
  const record = h.env.sandbox[provider].refunds().find((r) => r.payment_id === payment.payment_id);
  expect(record?.status).not.toBe("succeeded");
  return { toolCallId: result.tool_call_id!, refundId: record!.refund_id, key: (result.data as { idempotency_key: string }).idempotency_key };
}

async function waitFor(h: Harness, toolCallId: string, done: (s: PaymentStatus) => boolean, timeoutMs = 15_000): Promise<PaymentStatus> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = await h.session.paymentStatus(toolCallId);
    if (done(s)) return s;
    if (Date.now() > until) throw new Error(`payment status still ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const sources = (s: PaymentStatus) => (s.events as { source: string; state: string }[]).map((e) => `${e.source}:${e.state}`);

describe("settlement through webhooks (poller off)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ webhooks: true, server: { settlementPollIntervalMs: 0 } });
  });
  afterAll(async () => {
    await h?.session.close();
    await h?.env.close();
  });

  for (const provider of PROVIDERS) {
    it(`${provider}: a pending refund is followed to succeeded by the provider's signed webhooks`, async () => {
      const { toolCallId, refundId, key } = await pendingRefund(h, provider, 1000);
      const before = await h.session.paymentStatus(toolCallId);
      expect(before).toMatchObject({ tool_call_id: toolCallId, payment_status: "pending", status: "pending", idempotency_key: key, final: false });
      // The provider's own "created, pending" webhook may land before the call has answered: both are kept.
      expect(sources(before)).toContain("call:pending");

      h.env.sandbox[provider].settleRefund(refundId, "succeeded");
      const after = await waitFor(h, toolCallId, (s) => s.payment_status !== "pending");
      // A partial refund that succeeded: the payment is not fully refunded.
      expect(after).toMatchObject({ payment_status: "succeeded", final: true });
      expect(sources(after)).toContain("webhook:succeeded");
      expect(h.stateEvents).toContainEqual({ key, state: "succeeded", source: "webhook" });
    });

    it(`${provider}: a pending refund that fails is followed to failed, and a full refund to "refunded"`, async () => {
      const failing = await pendingRefund(h, provider, 700);
      h.env.sandbox[provider].settleRefund(failing.refundId, "failed");
      const failed = await waitFor(h, failing.toolCallId, (s) => s.payment_status !== "pending");
      expect(failed).toMatchObject({ payment_status: "failed", final: true });
      expect(h.stateEvents).toContainEqual({ key: failing.key, state: "failed", source: "webhook" });

      const full = await pendingRefund(h, provider);
      h.env.sandbox[provider].settleRefund(full.refundId, "succeeded");
      expect((await waitFor(h, full.toolCallId, (s) => s.payment_status !== "pending")).payment_status).toBe("refunded");
    });
  }

  it("streams the status over SSE: the current one, then the change, then the stream ends", async () => {
    const { toolCallId, refundId } = await pendingRefund(h, "stripe", 1200);
    const seen: PaymentStatus[] = [];
    const reading = (async () => {
      for await (const s of h.codespar.paymentStatusStream(toolCallId)) {
        seen.push(s);
        if (seen.length === 1) h.env.sandbox.stripe.settleRefund(refundId, "succeeded");
      }
    })();
    await reading;
    expect(seen.map((s) => s.payment_status)).toEqual(["pending", "succeeded"]);
    expect(seen.at(-1)?.final).toBe(true);
  });

  it("answers the stream with text/event-stream, and 404 for another project's call", async () => {
    const { toolCallId } = await pendingRefund(h, "asaas", 300);
    const controller = new AbortController();
    const res = await fetch(`${h.env.baseUrl}/v1/tool-calls/${toolCallId}/payment-status/stream`, { headers: { authorization: `Bearer ${h.env.apiKey}` }, signal: controller.signal });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/^event: status\ndata: \{.*"payment_status":"pending"/);
    // The client goes away; the server must not mind.
    controller.abort();
    await reader.cancel().catch(() => undefined);
    expect((await h.session.paymentStatus(toolCallId)).payment_status).toBe("pending");

    const missing = await fetch(`${h.env.baseUrl}/v1/tool-calls/tc_nope/payment-status/stream`, { headers: { authorization: `Bearer ${h.env.apiKey}` } });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  it("a call that moved no money is unknown with no key", async () => {
    const discover = await h.session.execute("codespar_discover", { domain: "payments", capability: "refund" });
    expect(await h.session.paymentStatus(discover.tool_call_id!)).toMatchObject({ payment_status: "unknown", idempotency_key: null, events: [] });
  });
});

describe("settlement through the poller (webhooks off)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ webhooks: false, server: { settlementPollIntervalMs: 25, settlementBackoffBaseMs: 25, settlementBackoffMaxMs: 200 } });
  });
  afterAll(async () => {
    await h?.session.close();
    await h?.env.close();
  });

  for (const provider of PROVIDERS) {
    it(`${provider}: pending refunds are read back until they succeed or fail`, async () => {
      const ok = await pendingRefund(h, provider, 1000);
      const ko = await pendingRefund(h, provider, 900);
      // A few checks find them still pending and change nothing.
      await new Promise((r) => setTimeout(r, 150));
      expect((await h.session.paymentStatus(ok.toolCallId)).payment_status).toBe("pending");

      h.env.sandbox[provider].settleRefund(ok.refundId, "succeeded");
      h.env.sandbox[provider].settleRefund(ko.refundId, "failed");
      const done = await waitFor(h, ok.toolCallId, (s) => s.payment_status !== "pending");
      const failed = await waitFor(h, ko.toolCallId, (s) => s.payment_status !== "pending");
      expect(done.payment_status).toBe("succeeded");
      expect(failed.payment_status).toBe("failed");
      expect(sources(done)).toEqual(["call:pending", "poller:succeeded"]);
      expect(h.stateEvents).toContainEqual({ key: ok.key, state: "succeeded", source: "poller" });
      expect(h.stateEvents).toContainEqual({ key: ko.key, state: "failed", source: "poller" });
      expect(h.env.sandbox[provider].deliveries()).toEqual([]);
    });
  }

  it("resolves an unknown refund by reading it back, without sending anything", async () => {
    const { toolCallId, key, refundId } = await pendingRefund(h, "mercadopago", 500);
    h.env.sandbox.mercadopago.settleRefund(refundId, "succeeded");
    // As if the call had timed out after sending: the row is unknown and has no refund id.
    const projectId = (await h.env.server.services.store.projects.getByName("dev"))!.id;
    await h.env.server.services.store.refundAttempts.update(projectId, key, { state: "unknown", error_code: "outcome_unknown" });
    const sent = h.env.sandbox.mercadopago.refunds().length;
    const after = await waitFor(h, toolCallId, (s) => s.payment_status === "succeeded");
    expect(after.refund_state).toBe("succeeded");
    expect(h.env.sandbox.mercadopago.refunds().length).toBe(sent);
  });
});
