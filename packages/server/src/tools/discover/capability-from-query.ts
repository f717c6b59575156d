import type { Capability } from "@codespar/providers";

/**
 * CodeSpar's discover takes free text (`use_case`); we map it onto a capability by keywords in
 * the languages our users write in (English, Portuguese, Spanish). Unmatched text matches all.
 */
const KEYWORDS: [Capability, RegExp][] = [
  ["refund", /refund|reembols|estorn|devolu|devoluc|chargeback|reversal/i],
  ["status", /status|estado|situa[cç][aã]o|lookup|track|check/i],
  ["pay", /\bpay\b|payment|charge|cobr|pag[oa]r?|checkout|pix|boleto/i],
];

export function capabilityFromQuery(capability: string | undefined, useCase: string | undefined): Capability | undefined {
  if (capability) return capability as Capability;
  if (!useCase) return undefined;
  for (const [cap, re] of KEYWORDS) if (re.test(useCase)) return cap;
  return undefined;
}
