import { appendFileSync, readFileSync } from "node:fs";
import { codespar, bulkRefund, type RefundJob } from "./bulk-refund.js";

/**
 * The cookbook followed step by step against `codespar dev`: pre-flight discover, the loop,
 * failures to a dead-letter file, counts. Jobs come from the dev state file's seeded payments
 * (plus one payment that does not exist, to show an explained failure).
 *
 *   npx codespar dev --seed 30 --state-file /tmp/codespar-dev.json &
 *   npm run example:bulk-refund
 */
const stateFile = process.env.CODESPAR_DEV_STATE ?? "/tmp/codespar-dev.json";
const deadLetterFile = process.env.DEAD_LETTER_FILE ?? "dead-letter.jsonl";

interface DevState {
  payments: { payment_id: string; amount: number }[];
}

async function main(): Promise<void> {
  const state = JSON.parse(readFileSync(stateFile, "utf8")) as DevState;
  const jobs: RefundJob[] = state.payments.map((p) => ({ payment_id: p.payment_id, amount: p.amount, reason: "chargeback reconciliation" }));
  jobs.push({ payment_id: "pi_doesnotexist", amount: 100, reason: "shows an explained failure" });

  const preflight = await codespar.create("refund-worker", { servers: ["stripe", "asaas", "mercadopago"] });
  const capabilities = await preflight.execute("codespar_discover", { domain: "payments", capability: "refund" });
  await preflight.close();
  const servers = (capabilities as unknown as { servers: unknown[] }).servers;
  if (servers.length === 0) throw new Error("No provider is connected for refunds");
  console.log(`Pre-flight: ${servers.length} providers ready for refunds`);

  const summary = await bulkRefund(jobs);
  for (const failure of summary.failed) {
    appendFileSync(deadLetterFile, JSON.stringify({ tool_call_id: failure.tool_call_id, error: failure.error, error_code: failure.error_code, payload: failure.data }) + "\n");
  }
  console.log(`refund.bulk.succeeded ${summary.succeeded}`);
  console.log(`refund.bulk.failed ${summary.failed.length} (dead letters in ${deadLetterFile})`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
