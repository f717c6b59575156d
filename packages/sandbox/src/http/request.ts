import type { IncomingHttpHeaders, IncomingMessage } from "node:http";

/** A fully read request: emulators decide on the whole body at once, like the real APIs. */
export interface SandboxRequest {
  method: string;
  /** Path without the query string, e.g. /v1/refunds. */
  path: string;
  /** Raw query string without the leading "?". */
  query: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Bodies beyond this are refused; no provider call in scope comes near it. */
const MAX_BODY_BYTES = 1 << 20;

export async function readRequest(req: IncomingMessage): Promise<SandboxRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new RangeError("request body too large");
    chunks.push(buf);
  }
  const target = req.url ?? "/";
  const q = target.indexOf("?");
  return {
    method: (req.method ?? "GET").toUpperCase(),
    path: q === -1 ? target : target.slice(0, q),
    query: q === -1 ? "" : target.slice(q + 1),
    headers: req.headers,
    body: Buffer.concat(chunks).toString("utf8"),
  };
}

/** A header as one string (first value if repeated), or undefined. */
export function header(req: SandboxRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
