import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import type { PaymentStatusView } from "../../src/settlement/payment-status.js";
import { streamPaymentStatus, type SseSink } from "../../src/settlement/status-stream.js";

class FakeSink extends EventEmitter implements SseSink {
  chunks: string[] = [];
  ended = false;
  write(chunk: string) {
    this.chunks.push(chunk);
    return true;
  }
  end() {
    this.ended = true;
  }
}

function view(status: PaymentStatusView["payment_status"], final = false): PaymentStatusView {
  return {
    tool_call_id: "tc_1", payment_status: status, status, idempotency_key: "k", server: "stripe", payment_id: "pi_1", refund_id: "re_1",
    amount: 100, currency: "USD", refund_state: status, final, events: [],
  };
}

function harness(initial: PaymentStatusView) {
  let current = initial;
  let listeners = 0;
  let notify: () => void = () => undefined;
  const shutdown = new AbortController();
  const sink = new FakeSink();
  const done = streamPaymentStatus(sink, {
    read: async () => current,
    watch: (onChange) => {
      listeners++;
      notify = onChange;
      return () => listeners--;
    },
    shutdown: shutdown.signal,
    heartbeatMs: 20,
    recheckMs: 10_000,
  });
  return { sink, done, shutdown, set: (v: PaymentStatusView) => { current = v; notify(); }, listeners: () => listeners };
}

const statuses = (sink: FakeSink) => sink.chunks.filter((c) => c.startsWith("event: status")).map((c) => JSON.parse(c.split("data: ")[1]!).payment_status);

describe("payment status stream", () => {
  it("sends the current status, each change once, and ends after the final one", async () => {
    const h = harness(view("pending"));
    await new Promise((r) => setTimeout(r, 5));
    h.set(view("pending"));
    h.set(view("succeeded", true));
    await h.done;
    expect(statuses(h.sink)).toEqual(["pending", "succeeded"]);
    expect(h.sink.ended).toBe(true);
    expect(h.listeners()).toBe(0);
  });

  it("ends at once when the status is already final", async () => {
    const h = harness(view("refunded", true));
    await h.done;
    expect(statuses(h.sink)).toEqual(["refunded"]);
  });

  it("writes heartbeat comments while nothing changes", async () => {
    const h = harness(view("pending"));
    await new Promise((r) => setTimeout(r, 70));
    expect(h.sink.chunks.filter((c) => c === ": heartbeat\n\n").length).toBeGreaterThanOrEqual(2);
    h.sink.emit("close");
    await h.done;
  });

  it("stops its timers and subscription when the client goes away, and on shutdown", async () => {
    const gone = harness(view("pending"));
    gone.sink.emit("close");
    await gone.done;
    expect(gone.listeners()).toBe(0);
    const n = gone.sink.chunks.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(gone.sink.chunks.length).toBe(n);

    const closing = harness(view("pending"));
    closing.shutdown.abort();
    await closing.done;
    expect(closing.sink.ended).toBe(true);
    expect(closing.listeners()).toBe(0);
  });
});
