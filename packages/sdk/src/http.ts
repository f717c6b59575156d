import { setTimeout as sleep } from "node:timers/promises";
import type { ResolvedConfig } from "./config.js";
import { apiErrorFromResponse, CodesparApiError, invalidResponse, TimeoutError } from "./errors.js";
import { backoffDelay, isRetryableError, retryAfterOf } from "./retry.js";
import { VERSION } from "./version.js";
import { parseEventStream, type ServerSentEvent } from "./sse.js";

export interface HttpRequest {
  method: "GET" | "POST" | "DELETE";
  /** Starts with "/v1/"; ids already URI-encoded. */
  path: string;
  body?: unknown;
  query?: Record<string, string | number | undefined>;
}

/** The one door to the server: sessions and the client (and batches, later) go through it. */
export interface Requester {
  request<T>(req: HttpRequest): Promise<T>;
  /** A long-lived GET answered as server-sent events; ends when the server ends it or `signal` aborts. */
  stream(req: Omit<HttpRequest, "method" | "body">, signal?: AbortSignal): AsyncGenerator<ServerSentEvent>;
}

const NETWORK_BACKOFF = { backoff: "exponential", baseDelay: 500 } as const;

export class HttpClient implements Requester {
  // A private field, so util.inspect / console.log of the client never shows the key.
  readonly #apiKey: string;
  readonly #config: Omit<ResolvedConfig, "apiKey">;

  constructor(config: ResolvedConfig) {
    const { apiKey, ...rest } = config;
    this.#apiKey = apiKey;
    this.#config = rest;
  }

  get baseUrl(): string {
    return this.#config.baseUrl;
  }

  async request<T>(req: HttpRequest): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#once<T>(req);
      } catch (err) {
        const safe = this.#redact(err);
        if (attempt >= this.#config.maxNetworkRetries || !isRetryableError(safe)) throw safe;
        await sleep(backoffDelay(attempt + 1, NETWORK_BACKOFF, Math.random, retryAfterOf(safe)));
      }
    }
  }

  async #once<T>(req: HttpRequest): Promise<T> {
    const { timeout } = this.#config;
    const controller = new AbortController();
    // One timer covers headers and body: a server that stalls mid-body is a timeout too.
    const timer = setTimeout(() => controller.abort(), timeout);
    try {
      const fetchImpl = this.#config.fetch ?? globalThis.fetch;
      const res = await fetchImpl(this.#url(req), {
        method: req.method,
        headers: this.#headers(req.body !== undefined),
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: controller.signal,
      });
      const text = await res.text();
      return decode<T>(res, text);
    } catch (err) {
      if (err instanceof CodesparApiError) throw err;
      if (controller.signal.aborted) {
        throw new TimeoutError(`CodeSpar request ${req.method} ${req.path} timed out after ${timeout} ms`, timeout);
      }
      throw networkError(err, this.#config.baseUrl);
    } finally {
      clearTimeout(timer);
    }
  }

  async *stream(req: Omit<HttpRequest, "method" | "body">, signal?: AbortSignal): AsyncGenerator<ServerSentEvent> {
    const fetchImpl = this.#config.fetch ?? globalThis.fetch;
    let res: Response;
    try {
      res = await fetchImpl(this.#url({ ...req, method: "GET" }), {
        method: "GET",
        headers: { ...this.#headers(false), Accept: "text/event-stream" },
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      throw this.#redact(networkError(err, this.#config.baseUrl));
    }
    if (!res.ok || !res.body) {
      const text = await res.text();
      decode(res, text);
      throw invalidResponse(`HTTP ${res.status} without an event stream`, text, res.status);
    }
    try {
      yield* parseEventStream(res.body);
    } catch (err) {
      if (signal?.aborted) return;
      throw this.#redact(networkError(err, this.#config.baseUrl));
    }
  }

  #url(req: HttpRequest): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) params.set(name, String(value));
    }
    const search = params.toString();
    const query = search === "" ? "" : `?${search}`;
    return `${this.#config.baseUrl}${req.path}${query}`;
  }

  #headers(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.#apiKey}`,
      Accept: "application/json",
      "User-Agent": `codespar-sdk-node/${VERSION}`,
    };
    if (hasBody) headers["Content-Type"] = "application/json";
    return headers;
  }

  /** A server or proxy that echoes the Authorization header must not put the key in a log line. */
  #redact(err: unknown): unknown {
    if (err instanceof Error && err.message.includes(this.#apiKey)) {
      err.message = err.message.split(this.#apiKey).join("csk_***");
    }
    return err;
  }
}

function decode<T>(res: Response, text: string): T {
  let body: unknown = undefined;
  let parsed = true;
  if (text !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
      parsed = false;
    }
  }
  if (!res.ok) throw apiErrorFromResponse(res.status, body, res.headers);
  if (!parsed) throw invalidResponse(`HTTP ${res.status} with a body that is not JSON`, body, res.status);
  return body as T;
}

function networkError(err: unknown, baseUrl: string): CodesparApiError {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const reason = errorCode(cause) ?? (cause instanceof Error ? cause.message : String(cause));
  return new CodesparApiError({
    status: 0,
    code: "network_error",
    message: `Could not reach CodeSpar at ${baseUrl} (${reason})`,
    cause: err,
  });
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null || !("code" in err)) return undefined;
  return typeof err.code === "string" ? err.code : undefined;
}
