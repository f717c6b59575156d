/** JSON columns are TEXT in both stores; these keep the encode/decode in one place. */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function fromJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== "string") return fallback;
  return JSON.parse(text) as T;
}
