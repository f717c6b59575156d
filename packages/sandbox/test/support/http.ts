import { request as httpRequest } from "node:http";

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, or the raw text when the body is not JSON ("" for an empty body). */
  body: any;
  text: string;
}

export interface RawOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Objects are sent as JSON, strings as they are. */
  body?: unknown;
  timeoutMs?: number;
}

/**
 * A bare node:http call: no default headers (fetch would add a User-Agent, which the
 * Asaas emulator must be seen to require), and a hard timeout for hang tests.
 */
export function raw(url: string, o: RawOptions = {}): Promise<RawAnswer> {
  const payload = o.body === undefined ? undefined : typeof o.body === "string" ? o.body : JSON.stringify(o.body);
  const headers: Record<string, string> = { ...o.headers };
  if (payload !== undefined) {
    headers["Content-Length"] = String(Buffer.byteLength(payload));
    if (typeof o.body !== "string" && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
      headers["Content-Type"] = "application/json";
    }
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: o.method ?? "GET", headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = text;
        try {
          body = text === "" ? "" : JSON.parse(text);
        } catch {
          body = text;
        }
        const flat: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(", ") : v;
        resolve({ status: res.statusCode ?? 0, headers: flat, body, text });
      });
      res.on("error", reject);
    });
    if (o.timeoutMs !== undefined) {
      req.setTimeout(o.timeoutMs, () => req.destroy(Object.assign(new Error("client timeout"), { code: "CLIENT_TIMEOUT" })));
    }
    req.on("error", reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Form-encodes Stripe-style params (flat keys, already bracketed where nested). */
export function form(params: Record<string, string | number>): string {
  return Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join("&");
}
