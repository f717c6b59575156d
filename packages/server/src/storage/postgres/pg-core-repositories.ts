import type { Store } from "../store.js";
import type { ApiKeyRecord, ProjectRecord } from "../records.js";
import { KEY_COLUMNS, PROJECT_COLUMNS, SESSION_COLUMNS } from "../columns.js";
import { toJson } from "../json-columns.js";
import { sessionFromRow, type Row } from "../row-mapping.js";
import { changes, firstRow, insertSql, rows, valuesOf, type PgPool } from "./pg-database.js";

export function pgCoreRepositories(db: PgPool): Pick<Store, "projects" | "apiKeys" | "sessions"> {
  return {
    projects: {
      async insert(p: ProjectRecord) {
        await db.query(insertSql("projects", PROJECT_COLUMNS), valuesOf(p, PROJECT_COLUMNS));
      },
      async get(id) {
        return firstRow<ProjectRecord>(db, "SELECT * FROM projects WHERE id = $1", [id]);
      },
      async getByName(name) {
        return firstRow<ProjectRecord>(db, "SELECT * FROM projects WHERE name = $1", [name]);
      },
    },
    apiKeys: {
      async insert(k: ApiKeyRecord) {
        await db.query(insertSql("api_keys", KEY_COLUMNS), valuesOf(k, KEY_COLUMNS));
      },
      async findByHash(hash) {
        return firstRow<ApiKeyRecord>(db, "SELECT * FROM api_keys WHERE key_hash = $1", [hash]);
      },
      async listForProject(projectId) {
        return rows<ApiKeyRecord>(db, "SELECT * FROM api_keys WHERE project_id = $1 ORDER BY created_at", [projectId]);
      },
    },
    sessions: {
      async insert(s) {
        await db.query(insertSql("sessions", SESSION_COLUMNS), valuesOf({ ...s, servers: toJson(s.servers), metadata: toJson(s.metadata) }, SESSION_COLUMNS));
      },
      async get(projectId, id) {
        const row = await firstRow<Row>(db, "SELECT * FROM sessions WHERE project_id = $1 AND id = $2", [projectId, id]);
        return row ? sessionFromRow(row) : undefined;
      },
      async list(projectId, { before, limit }) {
        // Ids sort by creation only in byte order (base62 time prefix, digits < upper < lower),
        // which is SQLite's order; COLLATE "C" gives PostgreSQL the same whatever the database locale.
        const found = before
          ? await rows<Row>(db, `SELECT * FROM sessions WHERE project_id = $1 AND id COLLATE "C" < $2 ORDER BY id COLLATE "C" DESC LIMIT $3`, [projectId, before, limit])
          : await rows<Row>(db, `SELECT * FROM sessions WHERE project_id = $1 ORDER BY id COLLATE "C" DESC LIMIT $2`, [projectId, limit]);
        return found.map(sessionFromRow);
      },
      async touch(id, lastActiveAt, expiresAt) {
        await changes(db, "UPDATE sessions SET last_active_at = $1, expires_at = $2 WHERE id = $3 AND status = 'active'", [lastActiveAt, expiresAt, id]);
      },
      async setStatus(id, status, at) {
        await changes(db, "UPDATE sessions SET status = $1, closed_at = $2 WHERE id = $3 AND status = 'active'", [status, at, id]);
      },
    },
  };
}
