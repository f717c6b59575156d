import { createHash } from "node:crypto";
import { join } from "node:path";
import Database from "better-sqlite3";

/** Per table: how many rows, and a hash of all of them in rowid order. */
export type DbSnapshot = Record<string, { rows: number; hash: string }>;

/**
 * A read-only look at a server's SQLite file, opened beside the server's own connection. The
 * store runs in WAL mode, so this reader sees exactly what the server has committed; a server
 * answers only after its group commit, so a request's writes are visible once it has answered.
 */
export class DbReader {
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    this.db = new Database(join(dataDir, "codespar.db"), { readonly: true, fileMustExist: true });
  }

  tables(): string[] {
    const rows = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
    return rows.map((r) => r.name);
  }

  snapshot(): DbSnapshot {
    const out: DbSnapshot = {};
    for (const table of this.tables()) {
      const rows = this.rows(table);
      const hash = createHash("sha256");
      for (const row of rows) hash.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString("hex") : typeof v === "bigint" ? String(v) : v))).update("\n");
      out[table] = { rows: rows.length, hash: hash.digest("hex") };
    }
    return out;
  }

  /**
   * Where any of `needles` appears in the database: every column of every row, text as is,
   * blobs read both as UTF-8 and as hex, and any base64-looking segment decoded, so a secret
   * stored in plain text, hex or merely base64-encoded is found.
   */
  find(needles: string[]): { table: string; column: string; needle: string }[] {
    const hits: { table: string; column: string; needle: string }[] = [];
    for (const table of this.tables()) {
      for (const row of this.rows(table)) {
        for (const [column, value] of Object.entries(row)) {
          if (value === null || value === undefined) continue;
          const plain = Buffer.isBuffer(value) ? `${value.toString("utf8")}\n${value.toString("hex")}` : String(value);
          const text = `${plain}\n${decodedBase64(plain)}`;
          for (const needle of needles) if (text.includes(needle)) hits.push({ table, column, needle });
        }
      }
    }
    return hits;
  }

  /** One column of a table, in row order. */
  values(table: string, column: string): unknown[] {
    return this.rows(table).map((r) => r[column]);
  }

  /** Rows in a stable order; rowid for ordinary tables, every column for WITHOUT ROWID ones. */
  private rows(table: string): Record<string, unknown>[] {
    const quoted = `"${table.replaceAll('"', '""')}"`;
    try {
      return this.db.prepare(`SELECT * FROM ${quoted} ORDER BY rowid`).all() as Record<string, unknown>[];
    } catch {
      const columns = (this.db.prepare(`PRAGMA table_info(${quoted})`).all() as unknown[]).map((_c, i) => String(i + 1));
      return this.db.prepare(`SELECT * FROM ${quoted} ORDER BY ${columns.join(", ")}`).all() as Record<string, unknown>[];
    }
  }

  close(): void {
    this.db.close();
  }
}

/** Every run of 16+ base64 characters decoded, joined: what a "sealed" value would reveal if it were only encoded. */
function decodedBase64(text: string): string {
  return (text.match(/[A-Za-z0-9+/_-]{16,}={0,2}/g) ?? []).map((s) => Buffer.from(s, "base64").toString("latin1")).join("\n");
}

/** The tables whose row count or content differ between two snapshots. */
export function changedTables(before: DbSnapshot, after: DbSnapshot): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((t) => before[t]?.rows !== after[t]?.rows || before[t]?.hash !== after[t]?.hash).sort();
}

/** Waits until the database stops changing (setup's last writes, asynchronous subscribers), at most `timeoutMs`. */
export async function settled(reader: DbReader, timeoutMs = 3000): Promise<DbSnapshot> {
  const deadline = Date.now() + timeoutMs;
  let last = reader.snapshot();
  for (;;) {
    await new Promise((r) => setTimeout(r, 60));
    const now = reader.snapshot();
    if (changedTables(last, now).length === 0) return now;
    if (Date.now() > deadline) throw new Error(`the database kept changing: ${changedTables(last, now).join(", ")}`);
    last = now;
  }
}
