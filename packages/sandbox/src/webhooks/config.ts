import { ConfigError, defined, isRecord, readDuration, readPositiveInteger, readRate, readSeed, settingsObject } from "../config/checks.js";
import type { WebhookFaults, WebhookRetry, WebhookSettings, WebhookTarget } from "../types.js";

/** Validates endpoint URLs up front, so a delivery can never be aimed anywhere unexpected. */
export function parseWebhookTargets(input: unknown): WebhookTarget[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) throw new ConfigError("webhook targets must be an array of { url, secret }");
  return input.map((t, i) => {
    if (!isRecord(t)) throw new ConfigError(`webhook target ${i} must be an object { url, secret }`);
    const unknown = Object.keys(t).find((k) => k !== "url" && k !== "secret");
    if (unknown) throw new ConfigError(`unknown webhook target setting: ${unknown}`);
    if (typeof t.url !== "string") throw new ConfigError(`webhook target ${i}: url must be a string`);
    let url: URL;
    try {
      url = new URL(t.url);
    } catch {
      throw new ConfigError(`webhook target ${i}: url is not a valid URL: ${t.url}`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError(`webhook target ${i}: url must be http or https`);
    if (url.username || url.password) throw new ConfigError(`webhook target ${i}: url must not carry credentials`);
    if (typeof t.secret !== "string" || t.secret === "") throw new ConfigError(`webhook target ${i}: secret must be a non-empty string`);
    return { url: t.url, secret: t.secret };
  });
}

export function parseWebhookFaults(input: unknown): WebhookFaults {
  const o = settingsObject(input, "webhook fault", ["duplicateRate", "reorderJitterMs", "dropRate", "seed"]);
  return defined<WebhookFaults>({
    duplicateRate: readRate(o, "duplicateRate"),
    reorderJitterMs: readDuration(o, "reorderJitterMs"),
    dropRate: readRate(o, "dropRate"),
    seed: readSeed(o),
  });
}

export function parseWebhookRetry(input: unknown): WebhookRetry {
  const o = settingsObject(input, "webhook retry", ["maxAttempts", "initialDelayMs", "maxDelayMs", "timeoutMs"]);
  return defined<WebhookRetry>({
    maxAttempts: readPositiveInteger(o, "maxAttempts"),
    initialDelayMs: readDuration(o, "initialDelayMs"),
    maxDelayMs: readDuration(o, "maxDelayMs"),
    timeoutMs: readDuration(o, "timeoutMs"),
  });
}

/**
 * The body of PUT /_sandbox/webhooks: `{ targets?, faults?, retry? }`, each present part
 * replacing the current one, or a bare array meaning targets. Parsed whole before anything
 * is applied.
 */
export function parseWebhookUpdate(input: unknown): Partial<WebhookSettings> {
  if (Array.isArray(input)) return { targets: parseWebhookTargets(input) };
  const o = settingsObject(input, "webhooks", ["targets", "faults", "retry"]);
  const out: Partial<WebhookSettings> = {};
  if (o.targets !== undefined) out.targets = parseWebhookTargets(o.targets);
  if (o.faults !== undefined) out.faults = parseWebhookFaults(o.faults);
  if (o.retry !== undefined) out.retry = parseWebhookRetry(o.retry);
  return out;
}
