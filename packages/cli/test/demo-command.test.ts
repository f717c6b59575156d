import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/spawn-cli.js";

describe("codespar demo", () => {
  it("tells the whole story on the embedded default and exits 0: designed failures explained, nothing refunded twice, billed once", async () => {
    const res = await runCli(["demo", "--payments", "30", "--json"], { timeoutMs: 120_000 });
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout.trim().split("\n").pop()!);
    expect(out).toMatchObject({ ok: true, rows: 34, failed: 4, new_refunds_on_rerun: 0, already_done_on_rerun: 30 });
    expect(out.failures.map((f: { error_code: string }) => f.error_code).sort()).toEqual(["already_refunded", "already_refunded", "amount_exceeds_refundable", "payment_not_found"]);
    expect(out.fees_usd_minor).toBeGreaterThan(300);
  }, 150_000);
});
