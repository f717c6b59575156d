import { InvalidArgumentError } from "commander";

/** Option parsers for commander: a bad value is reported by commander with the option's name. */
export function parsePort(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 65535) throw new InvalidArgumentError(`port must be 0-65535, got "${raw}"`);
  return n;
}

export function countParser(max: number, min = 0): (raw: string) => number {
  return (raw: string) => {
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}, got "${raw}"`);
    return n;
  };
}
