/**
 * The CLI's calls to admin endpoints the SDK does not wrap (connections). Errors come back as
 * the server's envelope message with its stable code; the key never appears in output.
 */
export interface ApiTarget {
  baseUrl: string;
  apiKey: string;
}

export function apiTargetFrom(opts: { baseUrl?: string; apiKey?: string }): ApiTarget {
  const baseUrl = opts.baseUrl ?? process.env.CODESPAR_BASE_URL ?? "http://127.0.0.1:7420";
  const apiKey = opts.apiKey ?? process.env.CODESPAR_API_KEY;
  if (!apiKey) throw new Error("No API key: pass --api-key or set CODESPAR_API_KEY");
  return { baseUrl: baseUrl.replace(/\/+$/, ""), apiKey };
}

export async function apiRequest<T>(target: ApiTarget, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${target.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${target.apiKey}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!res.ok) throw new Error(json?.error ? `${json.error.code}: ${json.error.message}` : `HTTP ${res.status} from ${path}`);
  return json as T;
}
