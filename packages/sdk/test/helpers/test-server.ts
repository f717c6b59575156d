import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface Reply {
  status?: number;
  /** Sent as JSON unless `raw` is given. */
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface TestServer {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

/** A real HTTP server on port 0, so the SDK's fetch, headers and timeouts are exercised for real. */
export async function startServer(handler: (req: Recorded) => Reply | Promise<Reply>): Promise<TestServer> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const recorded: Recorded = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: text === "" ? undefined : JSON.parse(text),
      };
      requests.push(recorded);
      void (async () => {
        const reply = await handler(recorded);
        if (reply.delayMs) await sleep(reply.delayMs);
        if (res.destroyed) return;
        const payload = reply.raw ?? (reply.body === undefined ? "" : JSON.stringify(reply.body));
        res.writeHead(reply.status ?? 200, { "content-type": reply.raw === undefined ? "application/json" : "text/html", ...reply.headers });
        res.end(payload);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A base URL where nothing listens: the port of a server that was started and closed. */
export async function deadUrl(): Promise<string> {
  const server = await startServer(() => ({}));
  await server.close();
  return server.url;
}

export const TEST_KEY = "csk_test_0123456789abcdef";

export function sessionBody(id = "ses_1", servers = ["stripe", "asaas", "mercadopago"]) {
  return {
    id,
    project_id: "prj_1",
    user_id: "refund-worker",
    servers,
    status: "active",
    created_at: "2025-01-01T00:00:00.000Z",
    expires_at: "2025-01-01T00:30:00.000Z",
  };
}

export function envelope(code: string, message: string, requestId = "req_1") {
  return { error: { code, message }, request_id: requestId };
}
