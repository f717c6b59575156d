import { createHash } from "node:crypto";
import { randomBase62 } from "../ids.js";
import type { KeyMode } from "../storage/index.js";

const KEY_PATTERN = /^csk_(live|test)_[0-9A-Za-z]{32}$/;

/**
 * Keys are 190 bits of randomness, so a plain SHA-256 is enough to make the stored hash
 * useless to a thief, and cheap enough to check on every request (no slow KDF needed).
 */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function generateApiKey(mode: KeyMode): string {
  return `csk_${mode}_${randomBase62(32)}`;
}

export function parseApiKey(key: string): { mode: KeyMode } | undefined {
  const m = KEY_PATTERN.exec(key);
  return m ? { mode: m[1] as KeyMode } : undefined;
}

/** What may be shown of a key: enough to recognise it, far too little to use it. */
export function displayPrefix(key: string): string {
  return `${key.slice(0, 13)}…`;
}
