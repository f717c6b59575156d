/**
 * Readers for untrusted settings (options or control API JSON). Each throws ConfigError,
 * which the control API answers with a 400, so a bad setting never half-applies.
 */
export class ConfigError extends TypeError {}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The object itself ({} for undefined/null), refusing keys outside `known` so typos surface. */
export function settingsObject(input: unknown, what: string, known: readonly string[]): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (!isRecord(input)) throw new ConfigError(`${what} must be a JSON object`);
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) throw new ConfigError(`unknown ${what} setting: ${key}`);
  }
  return input;
}

export function readRate(input: Record<string, unknown>, key: string): number | undefined {
  const v = input[key];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw new ConfigError(`${key} must be a number in 0..1`);
  return v;
}

export function readDuration(input: Record<string, unknown>, key: string): number | undefined {
  const v = input[key];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new ConfigError(`${key} must be a number >= 0`);
  return v;
}

export function readPositiveInteger(input: Record<string, unknown>, key: string): number | undefined {
  const v = input[key];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new ConfigError(`${key} must be an integer >= 1`);
  return v;
}

export function readSeed(input: Record<string, unknown>): number | undefined {
  const v = input.seed;
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) throw new ConfigError("seed must be a finite number");
  return v;
}

/** Copies the defined entries only, so get() answers exactly what was set. */
export function defined<T extends object>(entries: { [K in keyof T]: T[K] | undefined }): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) out[k] = v;
  return out as T;
}
