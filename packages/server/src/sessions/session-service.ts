import { CodesparError } from "@codespar/protocol";
import { newId } from "../ids.js";
import type { KeyMode, SessionRecord, Store } from "../storage/index.js";

export interface SessionView {
  id: string;
  project_id: string;
  user_id: string;
  servers: string[];
  metadata: Record<string, unknown>;
  status: SessionRecord["status"];
  created_at: string;
  expires_at: string;
  closed_at: string | null;
}

export interface CreateSessionInput {
  user_id: string;
  servers: string[];
  metadata: Record<string, unknown>;
}

export class SessionService {
  constructor(
    private readonly store: Store,
    private readonly idleTimeoutMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(projectId: string, mode: KeyMode, input: CreateSessionInput): Promise<SessionView> {
    const now = this.now();
    const record: SessionRecord = {
      id: newId("ses"),
      project_id: projectId,
      user_id: input.user_id,
      mode,
      servers: [...new Set(input.servers)],
      metadata: input.metadata,
      status: "active",
      created_at: now.toISOString(),
      last_active_at: now.toISOString(),
      expires_at: new Date(now.getTime() + this.idleTimeoutMs).toISOString(),
      closed_at: null,
    };
    await this.store.sessions.insert(record);
    return toView(record);
  }

  /** A session past its idle deadline is expired from that instant, whether or not anyone looked. */
  async get(projectId: string, id: string): Promise<SessionRecord> {
    const s = await this.store.sessions.get(projectId, id);
    if (!s) throw new CodesparError("session_not_found", `No session ${id} in this project`);
    if (s.status === "active" && Date.parse(s.expires_at) <= this.now().getTime()) {
      await this.store.sessions.setStatus(s.id, "expired", s.expires_at);
      return { ...s, status: "expired", closed_at: s.expires_at };
    }
    return s;
  }

  async view(projectId: string, id: string): Promise<SessionView> {
    return toView(await this.get(projectId, id));
  }

  async list(projectId: string, before: string | undefined, limit: number): Promise<SessionView[]> {
    const rows = await this.store.sessions.list(projectId, before === undefined ? { limit } : { before, limit });
    const nowMs = this.now().getTime();
    return rows.map((s) => toView(s.status === "active" && Date.parse(s.expires_at) <= nowMs ? { ...s, status: "expired" } : s));
  }

  /** For calls that act in a session: refuses closed and expired ones, and counts as activity. */
  async requireActive(projectId: string, id: string): Promise<SessionRecord> {
    const s = await this.get(projectId, id);
    if (s.status === "closed") throw new CodesparError("session_closed", `Session ${id} is closed; create a new session`);
    if (s.status === "expired") {
      throw new CodesparError("session_expired", `Session ${id} expired after ${Math.round(this.idleTimeoutMs / 1000)} s without activity; create a new session`);
    }
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.idleTimeoutMs).toISOString();
    await this.store.sessions.touch(s.id, now.toISOString(), expiresAt);
    return { ...s, last_active_at: now.toISOString(), expires_at: expiresAt };
  }

  /** Idempotent: closing a closed or expired session answers its current state. */
  async close(projectId: string, id: string): Promise<SessionView> {
    const s = await this.get(projectId, id);
    if (s.status !== "active") return toView(s);
    const at = this.now().toISOString();
    await this.store.sessions.setStatus(s.id, "closed", at);
    return toView({ ...s, status: "closed", closed_at: at });
  }
}

export function toView(s: SessionRecord): SessionView {
  return {
    id: s.id,
    project_id: s.project_id,
    user_id: s.user_id,
    servers: s.servers,
    metadata: s.metadata,
    status: s.status,
    created_at: s.created_at,
    expires_at: s.expires_at,
    closed_at: s.closed_at,
  };
}
