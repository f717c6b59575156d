import { CodesparError } from "@codespar/protocol";
import type { z } from "zod";

/** Zod issues -> one invalid_request naming every offending field, nothing echoed but paths. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.join(".") || "(input)", message: i.message }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  throw new CodesparError("invalid_request", `Invalid input for ${what}: ${summary}`, { issues });
}
