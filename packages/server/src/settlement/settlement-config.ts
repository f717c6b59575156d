import { CodesparError } from "@codespar/protocol";

/** The settlement fields of ServerConfig, as read from CODESPAR_SETTLEMENT_* variables. */
export interface SettlementEnvConfig {
  settlementPollIntervalMs?: number;
  settlementBackoffBaseMs?: number;
  settlementBackoffMaxMs?: number;
}

export function settlementConfigFromEnv(env: NodeJS.ProcessEnv): SettlementEnvConfig {
  const out: SettlementEnvConfig = {};
  // 0 is meaningful for the interval: it turns the poller off (webhooks only).
  if (env.CODESPAR_SETTLEMENT_POLL_INTERVAL_MS !== undefined) out.settlementPollIntervalMs = nonNegativeInt("CODESPAR_SETTLEMENT_POLL_INTERVAL_MS", env.CODESPAR_SETTLEMENT_POLL_INTERVAL_MS);
  if (env.CODESPAR_SETTLEMENT_BACKOFF_BASE_MS !== undefined) out.settlementBackoffBaseMs = nonNegativeInt("CODESPAR_SETTLEMENT_BACKOFF_BASE_MS", env.CODESPAR_SETTLEMENT_BACKOFF_BASE_MS, 1);
  if (env.CODESPAR_SETTLEMENT_BACKOFF_MAX_MS !== undefined) out.settlementBackoffMaxMs = nonNegativeInt("CODESPAR_SETTLEMENT_BACKOFF_MAX_MS", env.CODESPAR_SETTLEMENT_BACKOFF_MAX_MS, 1);
  return out;
}

function nonNegativeInt(name: string, raw: string, min = 0): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw new CodesparError("invalid_request", `${name} must be an integer >= ${min}, got "${raw}"`);
  return n;
}
