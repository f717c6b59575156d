import { describe, expect, it } from "vitest";
import { startWebhookFixture } from "../webhooks/webhook-fixture.js";

describe("GET /v1/tool-calls/:id/payment-status/stream", () => {
  it("streams over HTTP, follows a change, and ends open streams when the server closes", async () => {
    const f = await startWebhookFixture();
    const conn = await f.connect("stripe", { secret: "whsec_x" });
    await f.seedRefund({ server: "stripe", connectionId: conn, key: "stream-1", paymentId: "pi_s", state: "pending", refundId: "re_s" });
    const now = new Date().toISOString();
    await f.t.server.services.store.toolCalls.insert({
      id: "tc_stream", project_id: f.projectId, session_id: null, batch_item_id: null, tool: "codespar_pay", action: "refund", server: "stripe",
      input: {}, output: null, metadata: {}, status: "success", error_code: null, error_message: null, idempotency_key: "stream-1",
      duration_ms: 1, created_at: now, completed_at: now,
    });
    const res = await fetch(`${f.t.url}/v1/tool-calls/tc_stream/payment-status/stream`, { headers: { authorization: `Bearer ${f.t.keyA}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toContain('"payment_status":"pending"');

    // A change announced by settlement reaches the stream without waiting for the periodic re-read.
    await f.t.server.services.store.refundAttempts.update(f.projectId, "stream-1", { state: "unknown" });
    await f.t.server.services.settlement.note((await f.refund("stream-1"))!, "refund.poll_gave_up", {});
    expect(decoder.decode((await reader.read()).value)).toContain('"payment_status":"unknown"');

    const started = Date.now();
    await f.close();
    expect(Date.now() - started).toBeLessThan(5000);
    let ended = false;
    for (let i = 0; i < 10 && !ended; i++) ended = (await reader.read()).done;
    expect(ended).toBe(true);
  });
});
