/** Header maps keyed by lower-case name, whatever the transport (fetch Headers, node, stripe-node). */
export type HeaderMap = Readonly<Record<string, string>>;

type HeaderSource = Headers | Record<string, string | string[] | number | undefined> | undefined | null;

export function normalizeHeaders(source: HeaderSource): HeaderMap {
  const out: Record<string, string> = {};
  if (!source) return out;
  if (typeof Headers !== "undefined" && source instanceof Headers) {
    source.forEach((value, name) => {
      out[name.toLowerCase()] = value;
    });
    return out;
  }
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return out;
}

export function header(headers: HeaderMap | undefined, name: string): string | undefined {
  return headers?.[name.toLowerCase()];
}
