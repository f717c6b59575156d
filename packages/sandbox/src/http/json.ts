/**
 * A JSON request body as an object: {} when empty, null when it is not a JSON object
 * (the caller answers that in its provider's words).
 */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  if (text.trim() === "") return {};
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
