import { Batches } from "./batches.js";
import { resolveConfig } from "./config.js";
import { isRecord } from "./errors.js";
import { HttpClient } from "./http.js";
import { Session } from "./session.js";
import type {
  CodeSparOptions,
  CreateSessionOptions,
  ListSessionsOptions,
  PaymentStatus,
  ServerInfo,
  SessionInfo,
  SessionList,
  ToolCall,
  ToolDefinition,
  WhoAmI,
} from "./types.js";
import { listFromWire, objectFromWire, sessionInfoFromWire } from "./wire.js";

/**
 * The entry point. Construction validates the key (from `apiKey` or CODESPAR_API_KEY) and throws
 * CodesparApiError `{ status: 0, code: "invalid_api_key" }` before any request is made.
 */
export class CodeSpar {
  readonly baseUrl: string;
  readonly #http: HttpClient;

  /** Durable server-side batches: create, get, items, wait, cancel, retryFailed, events. */
  readonly batches: Batches;

  constructor(options: CodeSparOptions = {}) {
    this.#http = new HttpClient(resolveConfig(options));
    this.baseUrl = this.#http.baseUrl;
    this.batches = new Batches(this.#http);
  }

  async create(userId: string, options: CreateSessionOptions = {}): Promise<Session> {
    const body = await this.#http.request<unknown>({
      method: "POST",
      path: "/v1/sessions",
      body: {
        user_id: userId,
        metadata: options.metadata ?? {},
        // Absent servers let the server apply the preset or its default (every connected provider).
        ...(options.servers === undefined ? {} : { servers: options.servers }),
        ...(options.preset === undefined ? {} : { preset: options.preset }),
        ...(options.projectId === undefined ? {} : { project_id: options.projectId }),
      },
    });
    return new Session(this.#http, sessionInfoFromWire(body), options.metadata);
  }

  /** Resumes a session by id (a worker picking up another process's session, say). */
  async getSession(id: string): Promise<Session> {
    const body = await this.#http.request<unknown>({ method: "GET", path: `/v1/sessions/${encodeURIComponent(id)}` });
    return new Session(this.#http, sessionInfoFromWire(body));
  }

  async listSessions(options: ListSessionsOptions = {}): Promise<SessionList> {
    const body = await this.#http.request<unknown>({
      method: "GET",
      path: "/v1/sessions",
      query: { before: options.before, limit: options.limit },
    });
    const sessions = listFromWire<SessionInfo>(body, "sessions");
    const hasMore = isRecord(body) && body.has_more === true;
    const cursor = isRecord(body) && typeof body.next_before === "string" ? body.next_before : undefined;
    return { sessions, has_more: hasMore, next_before: cursor ?? (hasMore ? (sessions.at(-1)?.id ?? null) : null) };
  }

  async whoami(): Promise<WhoAmI> {
    return objectFromWire<WhoAmI>(await this.#http.request<unknown>({ method: "GET", path: "/v1/whoami" }), "an identity");
  }

  async tools(): Promise<ToolDefinition[]> {
    return listFromWire<ToolDefinition>(await this.#http.request<unknown>({ method: "GET", path: "/v1/tools" }), "tools");
  }

  async servers(): Promise<ServerInfo[]> {
    return listFromWire<ServerInfo>(await this.#http.request<unknown>({ method: "GET", path: "/v1/servers" }), "servers");
  }

  /**
   * A tool call's payment status as it settles: the current one first, then each change,
   * ending after the final one (or when `signal` aborts). GET …/payment-status/stream.
   */
  async *paymentStatusStream(toolCallId: string, options: { signal?: AbortSignal } = {}): AsyncGenerator<PaymentStatus> {
    const path = `/v1/tool-calls/${encodeURIComponent(toolCallId)}/payment-status/stream`;
    for await (const e of this.#http.stream({ path }, options.signal)) {
      if (e.event === "status") yield objectFromWire<PaymentStatus>(JSON.parse(e.data) as unknown, "a payment status");
    }
  }

  async toolCall(id: string): Promise<ToolCall> {
    const body = await this.#http.request<unknown>({ method: "GET", path: `/v1/tool-calls/${encodeURIComponent(id)}` });
    return objectFromWire<ToolCall>(body, "a tool call");
  }
}
