import type { FastifyBaseLogger } from "fastify";
import { newId } from "../ids.js";
import type { LedgerEventMap } from "../ledger/ledger-events.js";
import type { Store, UsageRecord } from "../storage/index.js";
import { refundFee } from "./fee.js";
import type { FxTable } from "./fx-table.js";

/**
 * Writes the usage row when a refund reaches terminal success. Only "succeeded" bills: failed,
 * unknown and pending refunds never do (a pending one bills when its webhook or poller later
 * announces success). The row is unique per (project, idempotency key), so every later
 * announcement of the same success (replay, re-run, duplicate webhook) inserts nothing.
 */
export class UsageRecorder {
  constructor(
    private readonly store: Store,
    private readonly fx: FxTable,
    private readonly defaultHomeCurrency: string,
    private readonly log: FastifyBaseLogger,
  ) {}

  async onRefundState(event: LedgerEventMap["refund.state"]): Promise<void> {
    const r = event.record;
    if (r.state !== "succeeded") return;
    if (r.refunded_amount === null || r.currency === null) {
      // Billing a guessed amount is worse than a visible gap: the log names the refund to reconcile.
      this.log.warn({ project_id: r.project_id, idempotency_key: r.idempotency_key }, "succeeded refund without amount or currency; not billed");
      return;
    }
    const project = await this.store.projects.get(r.project_id);
    const homeCurrency = (project?.home_currency ?? this.defaultHomeCurrency).toUpperCase();
    const currency = r.currency.toUpperCase();
    const rate = this.fx.rateFor(currency);
    if (!rate) {
      this.log.warn({ project_id: r.project_id, idempotency_key: r.idempotency_key, currency }, "no FX rate for this currency; billed the base fee only (fx_source \"missing\")");
    }
    const fee = refundFee({ amount: r.refunded_amount, currency, homeCurrency, fxRate: rate?.rate ?? null });
    const row: UsageRecord = {
      id: newId("usage"),
      project_id: r.project_id,
      idempotency_key: r.idempotency_key,
      tool_call_id: r.first_tool_call_id,
      server: r.server,
      kind: "refund",
      amount: r.refunded_amount,
      currency,
      home_currency: homeCurrency,
      cross_border: fee.crossBorder,
      fx_rate: rate?.rate ?? null,
      fx_source: rate?.source ?? "missing",
      amount_usd: fee.amountUsd,
      fee_base: fee.feeBase,
      fee_fx: fee.feeFx,
      fee_total: fee.feeTotal,
      fee_currency: "USD",
      created_at: new Date().toISOString(),
    };
    await this.store.usage.insert(row);
  }
}
