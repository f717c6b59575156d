/**
 * Secrets out of what the server says. A client can put its key (or a provider's) anywhere: in
 * the query string (`?api_key=csk_…`, refused, but sent all the same), in a path as an "id", in a
 * tool name. Logs record URLs and answers echo ids, so both pass through here first.
 */

/** Our keys' and the providers' documented credential shapes (PROVIDERS.md), as whole tokens. */
const CREDENTIAL_TOKEN = /csk_(?:live|test)_[0-9A-Za-z]+|\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]+|whsec_[0-9A-Za-z_]+|\$aact_[^\s"'&,;/\\]+|\b(?:TEST|APP_USR)-[0-9A-Za-z-]{8,}/g;
/** Query parameters whose value is a secret whatever it looks like. */
const SECRET_PARAM = /key|token|secret|signature|password|passwd|auth|credential/i;
const REDACTED = "[redacted]";

/** True for text that holds an API key or provider credential: never used as a request id. */
export function looksLikeCredential(text: string): boolean {
  return new RegExp(CREDENTIAL_TOKEN.source).test(text);
}

/** Every credential-shaped token replaced; the rest of the text kept. */
export function redactSecrets(text: string): string {
  return text.replace(CREDENTIAL_TOKEN, REDACTED);
}

/** A URL with credential-shaped tokens and the values of secret-named query parameters replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  const path = redactSecrets(q === -1 ? url : url.slice(0, q));
  if (q === -1) return path;
  const query = url
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      return eq !== -1 && SECRET_PARAM.test(safeDecode(pair.slice(0, eq))) ? `${pair.slice(0, eq)}=${REDACTED}` : redactSecrets(pair);
    })
    .join("&");
  return `${path}?${query}`;
}

/** Fastify's own request serializer with the URL redacted (the runtime object is Fastify's request). */
export function requestForLog(req: { method?: string | undefined; url?: string | undefined; ip?: string; host?: string; socket?: { remotePort?: number | undefined } | null }) {
  return {
    method: req.method,
    url: req.url === undefined ? undefined : redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
