import { runCli } from "@codespar/cli";
import type { RoundState } from "./invariants.js";
import type { Stack } from "./stack.js";

/** Payment statuses checked per round: every declined refund, and this many refunded ones. */
const REFUNDED_SAMPLE = 60;

/**
 * What a caller following its tool calls sees: a refund the provider failed reads "failed", a
 * partial one "succeeded", one that took everything left "refunded", and all of them final.
 */
export async function spotCheckPaymentStatus(stack: Stack, s: RoundState): Promise<string[]> {
  const v: string[] = [];
  const rows = new Map(s.rows.map((r) => [r.payment_id, r]));
  let refunded = 0;
  for (const item of s.batchItems) {
    const p = s.plan[item.index];
    const row = p && rows.get(p.paymentId);
    if (p?.kind !== "refund" || !row || !item.tool_call_id) continue;
    const declined = row.state === "failed";
    if (!declined && refunded++ >= REFUNDED_SAMPLE) continue;
    // An explicit full amount is only known to have emptied the payment once a provider event or
    // read-back says so (payment-status.ts): "succeeded" until then is the documented answer.
    const expected = declined ? ["failed"] : p.shape === "partial" ? ["succeeded"] : p.shape === "implicit" ? ["refunded"] : ["refunded", "succeeded"];
    const res = await fetch(`${stack.url}/v1/tool-calls/${item.tool_call_id}/payment-status`, { headers: { authorization: `Bearer ${stack.apiKey}` } });
    const status = (await res.json()) as { payment_status?: string; final?: boolean };
    if (!expected.includes(status.payment_status ?? "") || status.final !== true) {
      v.push(`item #${item.index} (${p.server} payment ${p.paymentId}, ${p.shape}): payment-status ${status.payment_status} final=${status.final}, expected ${expected.join(" or ")} and final`);
    }
  }
  return v;
}

/** SIGKILLs must never leave a broken audit chain (appends are one transaction each). */
export async function auditIntact(stack: Stack): Promise<string[]> {
  const res = await runCli(["audit", "verify", "--data-dir", stack.dataDir, "--json"], { env: { DATABASE_URL: undefined } });
  return res.code === 0 ? [] : [`AUDIT: chain not intact after the kills: ${res.stdout.trim()} ${res.stderr.trim()}`];
}
