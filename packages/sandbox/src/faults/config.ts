import type { FaultConfig } from "../types.js";
import { ConfigError } from "../config/checks.js";

/** A fault config that cannot be honoured; the control API answers it with a 400. */
export class FaultConfigError extends ConfigError {}

const RATES = ["errorRate", "hangRate", "failAfterApplyRate"] as const;
const DURATIONS = ["latencyMs", "jitterMs"] as const;
const KNOWN = new Set<string>([
  ...RATES,
  ...DURATIONS,
  "rateLimitPerSecond",
  "failAfterApplyMode",
  "match",
  "seed",
]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Validates an untrusted config (options or control API JSON) and copies it. */
export function parseFaultConfig(input: unknown): FaultConfig {
  if (input === undefined || input === null) return {};
  if (!isRecord(input)) throw new FaultConfigError("fault config must be a JSON object");
  for (const key of Object.keys(input)) {
    if (!KNOWN.has(key)) throw new FaultConfigError(`unknown fault setting: ${key}`);
  }
  const out: FaultConfig = {};
  for (const key of RATES) {
    const v = input[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw new FaultConfigError(`${key} must be a number in 0..1`);
    out[key] = v;
  }
  for (const key of DURATIONS) {
    const v = input[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new FaultConfigError(`${key} must be a number >= 0`);
    out[key] = v;
  }
  const rate = input.rateLimitPerSecond;
  if (rate !== undefined) {
    if (typeof rate !== "number" || !Number.isInteger(rate) || rate < 0) {
      throw new FaultConfigError("rateLimitPerSecond must be an integer >= 0");
    }
    out.rateLimitPerSecond = rate;
  }
  const mode = input.failAfterApplyMode;
  if (mode !== undefined) {
    if (mode !== "500" && mode !== "hang") throw new FaultConfigError('failAfterApplyMode must be "500" or "hang"');
    out.failAfterApplyMode = mode;
  }
  const match = input.match;
  if (match !== undefined) {
    if (typeof match !== "string") throw new FaultConfigError("match must be a regex source string");
    try {
      new RegExp(match);
    } catch {
      throw new FaultConfigError(`match is not a valid regex: ${match}`);
    }
    out.match = match;
  }
  const seed = input.seed;
  if (seed !== undefined) {
    if (typeof seed !== "number" || !Number.isFinite(seed)) throw new FaultConfigError("seed must be a finite number");
    out.seed = seed;
  }
  return out;
}
