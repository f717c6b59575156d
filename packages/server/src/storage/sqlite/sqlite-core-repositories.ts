import type { Store } from "../store.js";
import type { ApiKeyRecord, ProjectRecord, SessionRecord } from "../records.js";
import { fromJson, insertSql, toJson } from "./json-columns.js";
import type { SqliteDb } from "./sqlite-database.js";

type Row = Record<string, unknown>;

function sessionFromRow(r: Row): SessionRecord {
  return {
    ...(r as unknown as SessionRecord),
    servers: fromJson<string[]>(r.servers, []),
    metadata: fromJson<Record<string, unknown>>(r.metadata, {}),
  };
}

const SESSION_COLUMNS = [
  "id", "project_id", "user_id", "mode", "servers", "metadata", "status",
  "created_at", "last_active_at", "expires_at", "closed_at",
] as const;

export function sqliteCoreRepositories(db: SqliteDb): Pick<Store, "projects" | "apiKeys" | "sessions"> {
  const q = {
    insertProject: db.prepare(insertSql("projects", ["id", "name", "home_currency", "created_at"])),
    getProject: db.prepare("SELECT * FROM projects WHERE id = ?"),
    getProjectByName: db.prepare("SELECT * FROM projects WHERE name = ?"),
    insertKey: db.prepare(insertSql("api_keys", ["id", "project_id", "mode", "display_prefix", "key_hash", "created_at", "revoked_at"])),
    keyByHash: db.prepare("SELECT * FROM api_keys WHERE key_hash = ?"),
    keysForProject: db.prepare("SELECT * FROM api_keys WHERE project_id = ? ORDER BY created_at"),
    insertSession: db.prepare(insertSql("sessions", SESSION_COLUMNS)),
    getSession: db.prepare("SELECT * FROM sessions WHERE project_id = ? AND id = ?"),
    listSessions: db.prepare("SELECT * FROM sessions WHERE project_id = ? ORDER BY id DESC LIMIT ?"),
    listSessionsBefore: db.prepare("SELECT * FROM sessions WHERE project_id = ? AND id < ? ORDER BY id DESC LIMIT ?"),
    touchSession: db.prepare("UPDATE sessions SET last_active_at = ?, expires_at = ? WHERE id = ? AND status = 'active'"),
    setSessionStatus: db.prepare("UPDATE sessions SET status = ?, closed_at = ? WHERE id = ? AND status = 'active'"),
  };

  return {
    projects: {
      async insert(p: ProjectRecord) {
        q.insertProject.run(p);
      },
      async get(id) {
        return q.getProject.get(id) as ProjectRecord | undefined;
      },
      async getByName(name) {
        return q.getProjectByName.get(name) as ProjectRecord | undefined;
      },
    },
    apiKeys: {
      async insert(k: ApiKeyRecord) {
        q.insertKey.run(k);
      },
      async findByHash(hash) {
        return q.keyByHash.get(hash) as ApiKeyRecord | undefined;
      },
      async listForProject(projectId) {
        return q.keysForProject.all(projectId) as ApiKeyRecord[];
      },
    },
    sessions: {
      async insert(s) {
        q.insertSession.run({ ...s, servers: toJson(s.servers), metadata: toJson(s.metadata) });
      },
      async get(projectId, id) {
        const row = q.getSession.get(projectId, id) as Row | undefined;
        return row ? sessionFromRow(row) : undefined;
      },
      async list(projectId, { before, limit }) {
        const rows = (before ? q.listSessionsBefore.all(projectId, before, limit) : q.listSessions.all(projectId, limit)) as Row[];
        return rows.map(sessionFromRow);
      },
      async touch(id, lastActiveAt, expiresAt) {
        q.touchSession.run(lastActiveAt, expiresAt, id);
      },
      async setStatus(id, status, at) {
        q.setSessionStatus.run(status, at, id);
      },
    },
  };
}
