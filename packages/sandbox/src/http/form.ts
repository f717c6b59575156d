/**
 * Parser for Stripe-style form bodies and query strings: nested keys such as
 * metadata[k]=v, expand[]=x and expand[0]=x become objects and arrays.
 */

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, " "));
  } catch {
    return part;
  }
}

function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0) return [key];
  const parts = [key.slice(0, open)];
  for (const m of key.slice(open).matchAll(/\[([^\]]*)\]/g)) parts.push(m[1] ?? "");
  return parts;
}

const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

function assign(root: FormObject, path: string[], value: string): void {
  let node: FormObject = root;
  for (let i = 0; i < path.length; i++) {
    let segment = path[i] as string;
    if (FORBIDDEN.has(segment)) return;
    // "a[]" appends: number it after the entries already present.
    if (segment === "") segment = String(Object.keys(node).length);
    if (i === path.length - 1) {
      node[segment] = value;
      return;
    }
    const next = node[segment];
    if (typeof next !== "object" || next === null || Array.isArray(next)) {
      const created: FormObject = {};
      node[segment] = created;
      node = created;
    } else {
      node = next;
    }
  }
}

function arraysFromIndexes(value: FormValue): FormValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  for (const k of keys) value[k] = arraysFromIndexes(value[k] as FormValue);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => value[k] as FormValue);
  }
  return value;
}

export function parseForm(text: string): FormObject {
  const root: FormObject = {};
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : decode(pair.slice(eq + 1));
    assign(root, splitKey(key), value);
  }
  for (const k of Object.keys(root)) root[k] = arraysFromIndexes(root[k] as FormValue);
  return root;
}
