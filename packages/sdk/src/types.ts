/**
 * One tool call's outcome. The server answers it with HTTP 200 even when the tool failed
 * (`success: false`); only request-level problems (bad key, expired session) are thrown.
 */
export interface ToolResult<T = unknown> {
  success: boolean;
  data: T | null;
  /** A human sentence; null on success. */
  error: string | null;
  /** A stable machine code (DESIGN.md section 7, plus `timeout` and the SDK codes); null on success. */
  error_code: string | null;
  /** Milliseconds the call took. */
  duration: number;
  /** The provider that handled the call; null when none did (unroutable, skipped, aborted, thrown). */
  server: string | null;
  tool: string;
  /** Null when no call reached the server's ledger (skipped, aborted, or the request threw). */
  tool_call_id: string | null;
  /** ISO 8601 time of the call; null for a step that never ran. */
  called_at: string | null;
}

export interface CodeSparOptions {
  /** Default: env CODESPAR_API_KEY. Must start with `csk_live_` or `csk_test_`. */
  apiKey?: string;
  /** Default: env CODESPAR_BASE_URL, else `http://127.0.0.1:7420`. */
  baseUrl?: string;
  /** Per-request timeout in milliseconds, response body included. Default 60000. */
  timeout?: number;
  /** A fetch implementation (for proxies or tests). Default: the global fetch, looked up per request. */
  fetch?: typeof fetch;
  /** Extra attempts for a request that failed retryably (network, timeout, 429, 5xx). Default 0. */
  maxNetworkRetries?: number;
}

export interface CreateSessionOptions {
  /** Providers the session may route to, e.g. `["stripe", "asaas", "mercadopago"]`. Default: `[]` (the server's default set, or the preset's). */
  servers?: string[];
  /** A named server set the server expands. Default: none. */
  preset?: string;
  /** Free-form, stored with the session. Default `{}`. */
  metadata?: Record<string, unknown>;
  /** Project to create the session in. Default: the API key's project. */
  projectId?: string;
}

/** A session as the server describes it (wire shape, snake_case). */
export interface SessionInfo {
  id: string;
  project_id: string;
  user_id: string;
  servers: string[];
  status: string;
  created_at: string;
  expires_at: string | null;
  metadata?: Record<string, unknown>;
}

export interface ListSessionsOptions {
  /** Cursor: only sessions older than this session id. Default: start from the newest. */
  before?: string;
  /** Page size. Default: the server's. */
  limit?: number;
}

export interface SessionList {
  sessions: SessionInfo[];
  has_more: boolean;
  /** Pass as `before` to get the next page; null on the last page. */
  next_before: string | null;
}

export interface ToolDefinition {
  name: string;
  description?: string;
  input_schema?: Record<string, unknown>;
  server?: string | null;
  [key: string]: unknown;
}

export interface ServerInfo {
  id: string;
  [key: string]: unknown;
}

export interface ServerConnection {
  id: string;
  connected: boolean;
  [key: string]: unknown;
}

export interface SessionConnections {
  servers: ServerConnection[];
  tools: ToolDefinition[];
}

export interface WhoAmI {
  project_id: string;
  [key: string]: unknown;
}

export interface ToolCall {
  id: string;
  tool: string;
  [key: string]: unknown;
}

export interface PaymentStatus {
  tool_call_id: string;
  status: string;
  /** pending | succeeded | failed | refunded | unknown (the server also sends it as `status`). */
  payment_status?: string;
  /** The refund's idempotency key; null when the call moved no money. */
  idempotency_key?: string | null;
  /** True once nothing more will change. */
  final?: boolean;
  events?: unknown[];
  [key: string]: unknown;
}

/** `codespar_discover` accepts the cookbook's `{ domain, capability }` and CodeSpar's `{ use_case, ... }`. */
export interface DiscoverQuery {
  domain?: string;
  capability?: string;
  use_case?: string;
  category?: string;
  country?: string;
  limit?: number;
  [key: string]: unknown;
}

export interface DiscoverServer {
  id: string;
  connected: boolean;
  healthy?: boolean;
  [key: string]: unknown;
}

export interface DiscoverResult {
  servers: DiscoverServer[];
  [key: string]: unknown;
}

/** `servers` mirrors `data.servers` (empty when the call failed), so `result.servers.length` works as the cookbook writes it. */
export interface DiscoverToolResult extends ToolResult<DiscoverResult> {
  servers: DiscoverServer[];
}
