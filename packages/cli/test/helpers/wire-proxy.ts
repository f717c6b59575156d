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

export interface WireProxy {
  url: string;
  counts: WireCounts;
  /** Arrival times (ms) of every proxied request. */
  arrivals: number[];
  /** Most requests that arrived inside any rolling window of `windowMs`, as a provider's limiter counts them. */
  peakInWindow(windowMs?: number): number;
  close(): Promise<void>;
}

/**
 * A pass-through proxy in front of one emulator, seeing what the server's provider calls met
 * from the outside: the sandbox injects faults and limits but does not count them, and a rate
 * is judged where the provider would see it, on arrival.
 */
export async function startWireProxy(target: string): Promise<WireProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const counts: WireCounts = { requests: 0, errors500: 0, rateLimited: 0, abandoned: 0 };
  const arrivals: number[] = [];
  const server: Server = createServer((req, res) => {
    counts.requests++;
    arrivals.push(Date.now());
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
    arrivals,
    peakInWindow(windowMs = 1000) {
      const sorted = [...arrivals].sort((a, b) => a - b);
      let peak = 0;
      for (let lo = 0, hi = 0; hi < sorted.length; hi++) {
        while ((sorted[hi] as number) - (sorted[lo] as number) >= windowMs) lo++;
        peak = Math.max(peak, hi - lo + 1);
      }
      return peak;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
