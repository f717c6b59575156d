import type { Store } from "../store.js";
import type { ApiKeyRecord, ProjectRecord } from "../records.js";
import { KEY_COLUMNS, PROJECT_COLUMNS, SESSION_COLUMNS } from "../columns.js";
import { toJson } from "../json-columns.js";
import { sessionFromRow, type Row } from "../row-mapping.js";
import { insertSql, type SqliteDb } from "./sqlite-database.js";

export function sqliteCoreRepositories(db: SqliteDb): Pick<Store, "projects" | "apiKeys" | "sessions"> {
  const q = {
    insertProject: db.prepare(insertSql("projects", PROJECT_COLUMNS)),
    getProject: db.prepare("SELECT * FROM projects WHERE id = ?"),
    getProjectByName: db.prepare("SELECT * FROM projects WHERE name = ?"),
    insertKey: db.prepare(insertSql("api_keys", KEY_COLUMNS)),
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
