import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Random base62 text; rejection sampling keeps every character equally likely. */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/**
 * Time-ordered unique ids (`ses_`, `tc_`, …): a fixed-width base62 millisecond prefix then
 * randomness, so ids sort by creation (list cursors rely on it) and never collide across processes.
 */
export function newId(prefix: string): string {
  let ms = Date.now();
  let time = "";
  for (let i = 0; i < 8; i++) {
    time = ALPHABET[ms % 62] + time;
    ms = Math.floor(ms / 62);
  }
  return `${prefix}_${time}${randomBase62(14)}`;
}
