import { CodesparError } from "@codespar/protocol";
import type { z } from "zod";

/**
 * Deepest nesting of objects and arrays accepted in a body. Far beyond any real metadata, and
 * far below where JSON.stringify (the size check, the store) overflows the stack: a body of
 * thousands of nested brackets is a clear 400, not a 500.
 */
export const MAX_JSON_DEPTH = 32;

/** Zod issues -> one invalid_request naming every offending field, nothing echoed but paths. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  if (nestedDeeperThan(input, MAX_JSON_DEPTH)) {
    const message = `nested deeper than ${MAX_JSON_DEPTH} levels of objects and arrays`;
    throw new CodesparError("invalid_request", `Invalid input for ${what}: ${message}`, { issues: [{ path: "(input)", message }] });
  }
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.join(".") || "(input)", message: i.message }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  throw new CodesparError("invalid_request", `Invalid input for ${what}: ${summary}`, { issues });
}

/** Iterative on purpose: a recursive walk would overflow on exactly the input it guards against. */
function nestedDeeperThan(value: unknown, max: number): boolean {
  if (value === null || typeof value !== "object") return false;
  const stack: { v: object; depth: number }[] = [{ v: value, depth: 0 }];
  for (let top = stack.pop(); top; top = stack.pop()) {
    if (top.depth >= max) return true;
    for (const child of Object.values(top.v)) if (child !== null && typeof child === "object") stack.push({ v: child, depth: top.depth + 1 });
  }
  return false;
}
