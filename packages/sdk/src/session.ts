import { CodesparApiError, toolFailure } from "./errors.js";
import type { Requester } from "./http.js";
import { loop } from "./loop.js";
import type { LoopConfig, LoopResult, LoopStep, StepParams, ToolExecutor } from "./loop-types.js";
import type {
  DiscoverQuery,
  DiscoverResult,
  DiscoverToolResult,
  PaymentStatus,
  ServerConnection,
  SessionConnections,
  SessionInfo,
  ToolDefinition,
  ToolResult,
} from "./types.js";
import { listFromWire, objectFromWire, toolResultFromWire } from "./wire.js";

const DISCOVER_TOOL = "codespar_discover";

/** Codes that mean the session is already gone server-side, which is what close() wants. */
const ALREADY_CLOSED: ReadonlySet<string> = new Set(["session_closed", "session_expired", "session_not_found", "not_found"]);

/** A server-side session: the providers it may route to, and the calls made in it. Get one from `codespar.create()`. */
export class Session implements ToolExecutor {
  readonly id: string;
  readonly userId: string;
  readonly projectId: string;
  readonly servers: readonly string[];
  readonly metadata: Record<string, unknown>;
  readonly #http: Requester;
  #info: SessionInfo;
  #closing: Promise<void> | undefined;

  /** @internal Sessions come from `CodeSpar.create()` / `getSession()`. */
  constructor(http: Requester, info: SessionInfo, metadata?: Record<string, unknown>) {
    this.#http = http;
    this.#info = info;
    this.id = info.id;
    this.userId = info.user_id;
    this.projectId = info.project_id;
    this.servers = info.servers ?? [];
    this.metadata = info.metadata ?? metadata ?? {};
  }

  /** The session as the server last described it; `status` turns "closed" after close(). */
  get info(): SessionInfo {
    return this.#info;
  }

  /**
   * Runs one tool. A tool that failed resolves with `success: false`; this only throws for
   * request-level problems: CodesparApiError (expired session, bad key, network) or TimeoutError.
   */
  execute(tool: typeof DISCOVER_TOOL, params: DiscoverQuery): Promise<DiscoverToolResult>;
  execute<T = unknown>(tool: string, params?: StepParams): Promise<ToolResult<T>>;
  async execute(tool: string, params: StepParams = {}): Promise<ToolResult> {
    const body = await this.#http.request<unknown>({
      method: "POST",
      path: `${this.#path}/execute`,
      body: { tool, input: params },
    });
    const result = toolResultFromWire(body, tool);
    if (tool !== DISCOVER_TOOL) return result;
    // The cookbook's pre-flight reads `capabilities.servers.length` straight off execute().
    const data = result.data as Partial<DiscoverResult> | null;
    const discovered: DiscoverToolResult = {
      ...(result as ToolResult<DiscoverResult>),
      servers: Array.isArray(data?.servers) ? data.servers : [],
    };
    return discovered;
  }

  loop<S extends LoopStep>(config: LoopConfig<S>): Promise<LoopResult> {
    return loop(this, config);
  }

  /** Which of the session's servers can do `query`. A string is taken as CodeSpar's `use_case`. Throws when the tool fails. */
  async discover(query: DiscoverQuery | string): Promise<DiscoverResult> {
    const result = await this.execute(DISCOVER_TOOL, typeof query === "string" ? { use_case: query } : query);
    if (!result.success || result.data === null) throw toolFailure(result);
    return result.data;
  }

  async tools(): Promise<ToolDefinition[]> {
    return (await this.#connections()).tools;
  }

  async connections(): Promise<ServerConnection[]> {
    return (await this.#connections()).servers;
  }

  async paymentStatus(toolCallId: string): Promise<PaymentStatus> {
    const body = await this.#http.request<unknown>({
      method: "GET",
      path: `/v1/tool-calls/${encodeURIComponent(toolCallId)}/payment-status`,
    });
    return objectFromWire<PaymentStatus>(body, "a payment status");
  }

  /**
   * Idempotent and never throws, so it is safe in `finally`: a failure to close (network, 5xx)
   * is swallowed because the server expires idle sessions anyway; a later call tries again.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close().then((closed) => {
      if (!closed) this.#closing = undefined;
    });
    return this.#closing;
  }

  async #close(): Promise<boolean> {
    try {
      await this.#http.request<unknown>({ method: "POST", path: `${this.#path}/close` });
    } catch (err) {
      if (!(err instanceof CodesparApiError && ALREADY_CLOSED.has(err.code))) return false;
    }
    this.#info = { ...this.#info, status: "closed" };
    return true;
  }

  async #connections(): Promise<SessionConnections> {
    const body = await this.#http.request<unknown>({ method: "GET", path: `${this.#path}/connections` });
    return {
      servers: listFromWire<ServerConnection>(body, "servers"),
      tools: isToolsList(body) ? body.tools : [],
    };
  }

  get #path(): string {
    return `/v1/sessions/${encodeURIComponent(this.id)}`;
  }
}

function isToolsList(body: unknown): body is { tools: ToolDefinition[] } {
  return typeof body === "object" && body !== null && Array.isArray((body as { tools?: unknown }).tools);
}
