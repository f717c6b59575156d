import { Agent, createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What the server's provider calls met, as seen on the wire between server and emulator. */
export interface WireCounts {
  requests: number;
  /** Answered 500 (injected before apply, or fail-after-apply "500"). */
  errors500: number;
  /** Answered 429 by the emulator's rate limit. */
  rateLimited: number;
  /** Given up by the server before any answer: injected hangs, fail-after-apply "hang", or a SIGKILL mid-call. */
  abandoned: number;
}

export interface FaultProxy {
  url: string;
  counts: WireCounts;
  close(): Promise<void>;
}

/**
 * A pass-through proxy in front of one emulator. The sandbox injects faults but does not count
 * them; the proxy does, from the outside, so each round can report what it actually survived.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const counts: WireCounts = { requests: 0, errors500: 0, rateLimited: 0, abandoned: 0 };
  const server: Server = createServer((req, res) => {
    counts.requests++;
    let answered = false;
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host }, agent }, (answer) => {
      answered = true;
      if (answer.statusCode === 500) counts.errors500++;
      if (answer.statusCode === 429) counts.rateLimited++;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on("error", () => res.destroy());
    // The server timed out (or died): drop the upstream request too, as the emulator expects of a client giving up.
    res.on("close", () => {
      if (!answered) counts.abandoned++;
      if (!res.writableFinished) out.destroy();
    });
    req.pipe(out);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
