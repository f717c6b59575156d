/** JSON columns are TEXT in both stores; these keep the encode/decode in one place. */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function fromJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== "string") return fallback;
  return JSON.parse(text) as T;
}

/** Builds "INSERT INTO t (a, b) VALUES (@a, @b)" for a record's keys. */
export function insertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`;
}
