import { randomBytes, randomInt } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const LOWER_ALNUM = "0123456789abcdefghijklmnopqrstuvwxyz";

function pick(alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export function randomBase62(length: number): string {
  return pick(BASE62, length);
}

export function randomLowerAlnum(length: number): string {
  return pick(LOWER_ALNUM, length);
}

export function randomDigits(length: number): string {
  // A leading zero would make numeric ids shorter than intended.
  return String(1 + randomInt(9)) + pick("0123456789", length - 1);
}

export function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2)).toString("hex").slice(0, length);
}

export function randomBase64Url(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}
