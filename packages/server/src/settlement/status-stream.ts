import type { PaymentStatusView } from "./payment-status.js";

/** What the stream writes to: an HTTP response in the server, anything with these three in tests. */
export interface SseSink {
  write(chunk: string): unknown;
  end(): unknown;
  /** Fired when the client goes away (or the response ends). */
  once(event: "close", listener: () => void): unknown;
}

export interface StatusStreamOptions {
  /** The current status, read fresh each time. */
  read: () => Promise<PaymentStatusView>;
  /** Subscribes to "something about this project's refunds changed"; returns the unsubscribe. */
  watch: (onChange: () => void) => () => void;
  /** Ends the stream when the server shuts down. */
  shutdown: AbortSignal;
  /** Comment line interval that keeps proxies from closing an idle stream. Default 15 s. */
  heartbeatMs?: number;
  /** Re-read interval: changes made by another server process reach this stream this way. Default 2 s. */
  recheckMs?: number;
}

/**
 * Sends the current payment status as an SSE `status` event, then each change, until the status
 * is final; then ends. Heartbeat comments keep the connection alive; a client that goes away or
 * a server shutdown stops every timer and subscription. Resolves when the stream is over.
 */
export function streamPaymentStatus(sink: SseSink, opts: StatusStreamOptions): Promise<void> {
  return new Promise<void>((resolve) => {
    let last = "";
    let done = false;
    let reading: Promise<void> = Promise.resolve();
    const timers: NodeJS.Timeout[] = [];
    let unwatch: () => void = () => undefined;

    const finish = () => {
      if (done) return;
      done = true;
      for (const t of timers) clearInterval(t);
      unwatch();
      opts.shutdown.removeEventListener("abort", finish);
      sink.end();
      resolve();
    };

    // Reads are chained so two changes in quick succession are sent in order, each once.
    const refresh = () => {
      reading = reading.then(async () => {
        if (done) return;
        let view: PaymentStatusView;
        try {
          view = await opts.read();
        } catch {
          finish();
          return;
        }
        const text = JSON.stringify(view);
        if (text !== last && !done) {
          last = text;
          sink.write(`event: status\ndata: ${text}\n\n`);
        }
        if (view.final) finish();
      });
    };

    sink.once("close", finish);
    if (opts.shutdown.aborted) return finish();
    opts.shutdown.addEventListener("abort", finish, { once: true });
    unwatch = opts.watch(refresh);
    timers.push(setInterval(() => { if (!done) sink.write(": heartbeat\n\n"); }, opts.heartbeatMs ?? 15_000));
    timers.push(setInterval(refresh, opts.recheckMs ?? 2_000));
    refresh();
  });
}
