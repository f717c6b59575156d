import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A pass-through HTTP proxy in front of one sandbox emulator that remembers when each provider
 * request arrived and which got a 429: how the test measures, from the provider's side, the
 * rate all workers together achieved and whether any of them was refused.
 */
export interface CountingProxy {
  url: string;
  /** Arrival times (ms) of every proxied request. */
  arrivals: number[];
  /** Requests the emulator answered with 429. */
  limited(): number;
  /** Most requests inside any rolling window of `windowMs`, as the emulator's limiter counts them. */
  peakInWindow(windowMs?: number): number;
  close(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const arrivals: number[] = [];
  let limited = 0;
  const server: Server = createServer((req, res) => {
    arrivals.push(Date.now());
    const out = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        if (answer.statusCode === 429) limited++;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on("error", () => res.destroy());
    req.pipe(out);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    limited: () => limited,
    peakInWindow(windowMs = 1000) {
      const sorted = [...arrivals].sort((a, b) => a - b);
      let peak = 0;
      for (let lo = 0, hi = 0; hi < sorted.length; hi++) {
        while ((sorted[hi] as number) - (sorted[lo] as number) >= windowMs) lo++;
        peak = Math.max(peak, hi - lo + 1);
      }
      return peak;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
