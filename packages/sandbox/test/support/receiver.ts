import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";

/** One webhook request as the receiver saw it, raw body included for signature checks. */
export interface Received {
  method: string;
  /** Path and query, as sent. */
  target: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  raw: string;
  body: any;
}

/** Decides the answer; "hang" never answers (the sender has to time out). */
export type Responder = (req: Received, nth: number) => number | "hang" | { status: number; headers: Record<string, string> };

export interface Receiver {
  url: string;
  received: Received[];
  respond(r: Responder): void;
  /** Resolves once `done(received)` holds, or fails after timeoutMs with what did arrive. */
  waitFor(done: (received: Received[]) => boolean, timeoutMs?: number): Promise<Received[]>;
  /** Waits for at least n requests. */
  waitForCount(n: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** A tiny node:http endpoint on 127.0.0.1, port 0, that records every webhook it gets. */
export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const hung: ServerResponse[] = [];
  let responder: Responder = () => 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const target = req.url ?? "/";
      const q = target.indexOf("?");
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
      const entry: Received = {
        method: req.method ?? "",
        target,
        path: q === -1 ? target : target.slice(0, q),
        query: new URLSearchParams(q === -1 ? "" : target.slice(q + 1)),
        headers: req.headers,
        raw,
        body,
      };
      received.push(entry);
      const answer = responder(entry, received.length);
      if (answer === "hang") {
        hung.push(res);
        return;
      }
      const { status, headers } = typeof answer === "number" ? { status: answer, headers: {} } : answer;
      res.writeHead(status, headers);
      res.end(status >= 200 && status < 300 ? '{"received":true}' : "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("receiver has no TCP address");

  async function waitFor(done: (r: Received[]) => boolean, timeoutMs = 3000): Promise<Received[]> {
    const until = Date.now() + timeoutMs;
    while (!done(received)) {
      if (Date.now() > until) {
        throw new Error(`receiver timed out; got ${received.length}: ${received.map((r) => r.raw.slice(0, 120)).join(" | ")}`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    return received;
  }

  return {
    url: `http://127.0.0.1:${address.port}`,
    received,
    respond: (r) => {
      responder = r;
    },
    waitFor,
    waitForCount: (n, timeoutMs) => waitFor((r) => r.length >= n, timeoutMs),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hung) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Answers 500 to the first `n` attempts of each event (keyed on the body's id), then 200. */
export function failFirst(n: number): Responder {
  const seen = new Map<string, number>();
  return (req) => {
    const key = String((req.body as { id?: unknown })?.id);
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count <= n ? 500 : 200;
  };
}

/** Waits a little so deliveries that should not happen get the chance to show up. */
export function settle(ms = 100): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
