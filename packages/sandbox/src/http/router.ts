/** Path parameters captured by ":name" segments. */
export type Params = Record<string, string>;

interface Route<H> {
  method: string;
  segments: string[];
  handler: H;
}

export type RouteMatch<H> = { handler: H; params: Params } | { methodNotAllowed: true } | null;

function split(path: string): string[] {
  // Clients differ on trailing slashes (the MP SDK lists refunds at ".../refunds/").
  return path.split("/").filter((s) => s !== "");
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A minimal method + path router; first registered match wins. */
export class Router<H> {
  private readonly routes: Route<H>[] = [];

  on(method: string, pattern: string, handler: H): this {
    this.routes.push({ method: method.toUpperCase(), segments: split(pattern), handler });
    return this;
  }

  match(method: string, path: string): RouteMatch<H> {
    const parts = split(path);
    let pathKnown = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method) return { handler: route.handler, params };
      pathKnown = true;
    }
    return pathKnown ? { methodNotAllowed: true } : null;
  }
}

function matchSegments(pattern: string[], parts: string[]): Params | null {
  if (pattern.length !== parts.length) return null;
  const params: Params = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const actual = parts[i] as string;
    if (p.startsWith(":")) params[p.slice(1)] = safeDecode(actual);
    else if (p !== actual) return null;
  }
  return params;
}
