import { randomUUID } from "node:crypto";
import { CodeSpar } from "@codespar/sdk";
import type { SandboxProcess, SeededPayment } from "../env/sandbox-process.js";
import { startServerStack } from "../env/server-stack.js";
import { round, type ScenarioResult } from "../result.js";

/** Runs `work` over items with at most `concurrency` in flight. */
async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++] as T);
  }));
}

/** The same refund, sent straight to the emulator in its provider's own wire format. */
async function directRefund(sandbox: SandboxProcess, p: SeededPayment): Promise<boolean> {
  const { url, key } = sandbox.endpoints[p.server];
  let res: Response;
  if (p.server === "stripe") {
    res = await fetch(`${url}/v1/refunds`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/x-www-form-urlencoded", "idempotency-key": randomUUID() },
      body: new URLSearchParams({ payment_intent: p.payment_id, amount: String(p.amount) }).toString(),
    });
  } else if (p.server === "asaas") {
    res = await fetch(`${url}/v3/payments/${p.payment_id}/refund`, {
      method: "POST",
      headers: { access_token: key, "content-type": "application/json", "user-agent": "codespar-bench" },
      body: JSON.stringify({ value: p.amount / 100 }),
    });
  } else {
    res = await fetch(`${url}/v1/payments/${p.payment_id}/refunds`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-idempotency-key": randomUUID() },
      body: JSON.stringify({ amount: p.amount / 100 }),
    });
  }
  await res.text();
  return res.ok;
}

/**
 * Our cost per refund: SDK -> server -> adapter -> emulator against the same emulators called
 * directly, both with zero latency, no rate limit and the same concurrency.
 */
export async function overhead(sandbox: SandboxProcess, o: { items: number; concurrency: number }): Promise<ScenarioResult[]> {
  await sandbox.configure({});
  const direct = await sandbox.seed(o.items);
  let directFailed = 0;
  let started = performance.now();
  await pool(direct, o.concurrency, async (p) => {
    if (!(await directRefund(sandbox, p))) directFailed++;
  });
  const directSeconds = (performance.now() - started) / 1000;

  await sandbox.configure({});
  const ours = await sandbox.seed(o.items);
  const stack = await startServerStack(sandbox, undefined);
  let oursFailed = 0;
  let oursSeconds: number;
  try {
    const codespar = new CodeSpar({ apiKey: stack.apiKey, baseUrl: stack.url });
    const session = await codespar.create("bench", { servers: ["stripe", "asaas", "mercadopago"] });
    started = performance.now();
    const result = await session.loop({
      steps: ours.map((p) => ({ tool: "codespar_pay", params: { action: "refund", payment_id: p.payment_id, amount: p.amount } })),
      abortOnError: false,
      concurrency: o.concurrency,
    });
    oursSeconds = (performance.now() - started) / 1000;
    oursFailed = result.results.filter((r) => !r.success).length;
    await session.close();
  } finally {
    await stack.stop();
  }
  const ratio = oursSeconds / directSeconds;
  const row = (variant: string, seconds: number, failed: number, note?: string): ScenarioResult => ({
    name: "overhead",
    variant,
    items: o.items,
    seconds: round(seconds),
    rate_per_s: round(o.items / seconds),
    limit_per_s: null,
    ratio_to_limit: null,
    failed,
    rate_limited: 0,
    duplicates: 0,
    peak_rss_mb: variant === "codespar" ? (stack.peakRssMb() ?? null) : null,
    ...(note ? { note } : {}),
  });
  return [
    row("direct-http", directSeconds, directFailed),
    row("codespar", oursSeconds, oursFailed, `${ratio.toFixed(2)}x the direct time (${(((oursSeconds - directSeconds) / o.items) * 1000).toFixed(2)} ms added per refund at concurrency ${o.concurrency}; includes the durable ledger writes with fsync)`),
  ];
}
