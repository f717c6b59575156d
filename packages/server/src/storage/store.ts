import type {
  ApiKeyRecord,
  ConnectionRecord,
  NewRefundAttempt,
  PaymentRouteRecord,
  ProjectRecord,
  RefundAttemptRecord,
  RefundAttemptState,
  SessionRecord,
  ToolCallRecord,
} from "./records.js";
import type { BatchRepository } from "./batch-records.js";
import type { UsageRepository } from "./usage-records.js";
import type { AuditLogRepository } from "./audit-records.js";
import type { SettlementRepository } from "./settlement-records.js";

/**
 * The one storage boundary. Services never touch SQL; SQLite (embedded default) and
 * PostgreSQL implement this, and one shared test suite runs against each. Methods are async
 * even where SQLite is synchronous so the PostgreSQL store fits the same shape.
 */
export interface Store {
  readonly kind: "sqlite" | "postgres";
  projects: ProjectRepository;
  apiKeys: ApiKeyRepository;
  sessions: SessionRepository;
  toolCalls: ToolCallRepository;
  connections: ConnectionRepository;
  refundAttempts: RefundAttemptRepository;
  paymentRoutes: PaymentRouteRepository;
  batches: BatchRepository;
  /** Billing: one row per settled refund. */
  usage: UsageRepository;
  /** The hash-chained audit trail. */
  auditLog: AuditLogRepository;
  /** Settlement: refund events from calls, webhooks and the poller; webhook deliveries; poll back-off. */
  settlement: SettlementRepository;
  close(): Promise<void>;
}

export interface ProjectRepository {
  insert(p: ProjectRecord): Promise<void>;
  get(id: string): Promise<ProjectRecord | undefined>;
  getByName(name: string): Promise<ProjectRecord | undefined>;
}

export interface ApiKeyRepository {
  insert(k: ApiKeyRecord): Promise<void>;
  findByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  listForProject(projectId: string): Promise<ApiKeyRecord[]>;
}

export interface SessionListOptions {
  before?: string;
  limit: number;
}

export interface SessionRepository {
  insert(s: SessionRecord): Promise<void>;
  get(projectId: string, id: string): Promise<SessionRecord | undefined>;
  /** Newest first; `before` is a session id cursor. */
  list(projectId: string, opts: SessionListOptions): Promise<SessionRecord[]>;
  /** Marks activity: only an active session moves its expiry forward. */
  touch(id: string, lastActiveAt: string, expiresAt: string): Promise<void>;
  setStatus(id: string, status: "closed" | "expired", at: string): Promise<void>;
}

export interface ToolCallCompletion {
  server: string | null;
  output: unknown;
  status: "success" | "error";
  error_code: string | null;
  error_message: string | null;
  idempotency_key: string | null;
  duration_ms: number;
  completed_at: string;
}

export interface ToolCallRepository {
  insert(t: ToolCallRecord): Promise<void>;
  complete(id: string, c: ToolCallCompletion): Promise<void>;
  get(projectId: string, id: string): Promise<ToolCallRecord | undefined>;
  countForProject(projectId: string): Promise<number>;
}

export interface ConnectionRepository {
  /** One connection per (project, server, mode): a second add replaces the first. */
  upsert(c: ConnectionRecord): Promise<ConnectionRecord>;
  list(projectId: string): Promise<ConnectionRecord[]>;
  get(projectId: string, id: string): Promise<ConnectionRecord | undefined>;
  find(projectId: string, server: string, mode: "test" | "live"): Promise<ConnectionRecord | undefined>;
  remove(projectId: string, id: string): Promise<boolean>;
}

export interface RefundAttemptRepository {
  /**
   * Inserts the row if the key is new; either way returns the stored row and whether this
   * call created it. Atomic: two racing claims of one key see one row.
   */
  claim(r: NewRefundAttempt): Promise<{ record: RefundAttemptRecord; created: boolean }>;
  get(projectId: string, key: string): Promise<RefundAttemptRecord | undefined>;
  /**
   * A patch that writes `state` also clears announced_state: the state written has not been
   * announced, even when it equals one announced before (unknown, a re-run in flight, unknown again).
   */
  update(projectId: string, key: string, patch: Partial<Pick<RefundAttemptRecord,
    "state" | "refund_id" | "refunded_amount" | "currency" | "error_code" | "attempts" | "last_tool_call_id" | "updated_at">>): Promise<void>;
  /**
   * Records that every listener handled the `refund.state` announcing `state`; changes nothing
   * when the row has moved on since, so the newer state is still found unannounced.
   */
  markAnnounced(projectId: string, key: string, state: RefundAttemptState): Promise<void>;
  /** Rows, not in flight, whose current state was not announced to the end; least recently updated first. */
  unannounced(limit: number): Promise<RefundAttemptRecord[]>;
  /** Succeeded or pending refunds of one payment created in [from, to). For the once-a-day mode. */
  listForPayment(projectId: string, paymentId: string, from: string, to: string): Promise<RefundAttemptRecord[]>;
  /**
   * Takes or extends the right to call the provider for this refund, across processes: granted
   * when no one holds it, the holder's lease ended before `now`, or `owner` already holds it.
   * Atomic: of two racing owners, one gets it. Returns the row as it stands once granted (a
   * previous holder may have moved it on), undefined when someone else holds it.
   */
  acquireLease(projectId: string, key: string, owner: string, until: string, now: string): Promise<RefundAttemptRecord | undefined>;
  /** Gives the lease back; a release by anyone but the holder changes nothing. */
  releaseLease(projectId: string, key: string, owner: string): Promise<void>;
}

export interface PaymentRouteRepository {
  record(r: PaymentRouteRecord): Promise<void>;
  find(projectId: string, paymentId: string): Promise<PaymentRouteRecord | undefined>;
}
