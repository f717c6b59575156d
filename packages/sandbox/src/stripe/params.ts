import type { FormObject, FormValue } from "../http/form.js";
import type { HttpResult } from "../http/result.js";
import { invalidParam, parameterUnknown } from "./errors.js";

/** Thrown by the readers below; the route layer turns it into its Stripe answer. */
export class ParamError extends Error {
  constructor(readonly result: HttpResult) {
    super("invalid Stripe parameter");
  }
}

/** Stripe refuses parameters it does not know, which catches typos in adapters early. */
export function rejectUnknown(params: FormObject, allowed: readonly string[]): void {
  for (const name of Object.keys(params)) {
    if (!allowed.includes(name)) throw new ParamError(parameterUnknown(name));
  }
}

export function readString(params: FormObject, name: string): string | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new ParamError(invalidParam(`Invalid string: ${describe(v)}`, name, "parameter_invalid_string"));
  return v === "" ? undefined : v;
}

export function readInteger(params: FormObject, name: string, opts: { positive?: boolean } = {}): number | undefined {
  const raw = readString(params, name);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new ParamError(invalidParam(`Invalid integer: ${raw}`, name, "parameter_invalid_integer"));
  }
  const n = Number(raw);
  if (opts.positive && n <= 0) {
    throw new ParamError(invalidParam("Invalid positive integer", name, "parameter_invalid_integer"));
  }
  return n;
}

export function readBoolean(params: FormObject, name: string): boolean | undefined {
  const raw = readString(params, name);
  if (raw === undefined) return undefined;
  if (raw !== "true" && raw !== "false") throw new ParamError(invalidParam(`Invalid boolean: ${raw}`, name));
  return raw === "true";
}

export function readEnum<T extends string>(params: FormObject, name: string, allowed: readonly T[]): T | undefined {
  const raw = readString(params, name);
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    const list = allowed.length > 1 ? `${allowed.slice(0, -1).join(", ")}, or ${allowed.at(-1)}` : allowed.join("");
    throw new ParamError(invalidParam(`Invalid ${name}: must be one of ${list}`, name));
  }
  return raw as T;
}

/** metadata[k]=v pairs; an empty value is Stripe's way of unsetting a key, so it is dropped. */
export function readMetadata(params: FormObject): Record<string, string> | undefined {
  const v = params.metadata;
  if (v === undefined || v === "") return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw new ParamError(invalidParam("Invalid metadata: must be an object", "metadata"));
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) {
    if (typeof value !== "string") throw new ParamError(invalidParam(`Invalid metadata[${k}]: must be a string`, `metadata[${k}]`));
    if (value !== "") out[k] = value;
  }
  return out;
}

/** expand[]=a / expand[0]=a, restricted to the fields this object can expand. */
export function readExpand(params: FormObject, expandable: readonly string[]): string[] {
  const v = params.expand;
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((item, i) => {
    if (typeof item !== "string" || !expandable.includes(item)) {
      throw new ParamError(invalidParam(`This property cannot be expanded (${describe(item)}).`, `expand[${i}]`));
    }
    return item;
  });
}

/** Canonical text of a parameter set, independent of key order. */
export function canonical(value: FormValue | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
}

function describe(v: FormValue): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}
