import { request, type IncomingHttpHeaders } from "node:http";

export interface RawRequest {
  method: string;
  /** Sent exactly as given: no normalising of "..", no re-encoding. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Parsed JSON, or undefined when the answer is not JSON. */
  body: any;
}

/**
 * A bare node:http request. fetch() would resolve "../", refuse some encodings and add its own
 * content type; hostile requests need to reach the server exactly as an attacker writes them.
 */
export function send(baseUrl: string, req: RawRequest): Promise<Answer> {
  const url = new URL(baseUrl);
  const headers: Record<string, string> = { ...req.headers };
  // A Content-Length is added unless the request sets its own framing (a lie, or chunked).
  if (req.body !== undefined && !Object.keys(headers).some((h) => ["content-length", "transfer-encoding"].includes(h.toLowerCase()))) {
    headers["content-length"] = String(Buffer.byteLength(req.body));
  }
  return new Promise((resolve, reject) => {
    const r = request({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
      res.on("error", reject);
    });
    r.on("error", reject);
    r.end(req.body);
  });
}
