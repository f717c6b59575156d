/**
 * Asaas keeps no idempotency keys, so we write ours into the refund's description as
 * `[codespar:<key>]` and look for it before any refund: that read-back is our idempotency.
 */
const TAG = /\[codespar:([^\]\s]+)\]/;

// Asaas does not document the refund description limit; its payment descriptions stop at 500.
export const ASAAS_DESCRIPTION_MAX = 500;

export function asaasTag(key: string): string {
  return `[codespar:${key}]`;
}

/** A key fits the tag when it has no `]` or whitespace and leaves the tag within the limit. */
export function isTaggableKey(key: string): boolean {
  return /^[^\]\s]+$/.test(key) && asaasTag(key).length <= ASAAS_DESCRIPTION_MAX;
}

/** "<reason> [codespar:<key>]", the reason cut short when needed; the tag always stays whole. */
export function refundDescription(reason: string | undefined, key: string, max: number = ASAAS_DESCRIPTION_MAX): string {
  const tag = asaasTag(key);
  const text = (reason ?? "").replace(/\s+/g, " ").trim();
  if (text === "") return tag;
  const room = max - tag.length - 1;
  if (room <= 0) return tag;
  const cut = text.length > room ? text.slice(0, room).trimEnd() : text;
  return cut === "" ? tag : `${cut} ${tag}`;
}

export function tagKeyOf(description: string | null | undefined): string | undefined {
  if (typeof description !== "string") return undefined;
  return TAG.exec(description)?.[1];
}
