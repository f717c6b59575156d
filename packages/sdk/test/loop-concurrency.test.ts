import { describe, expect, it } from "vitest";
import { loop, type LoopStep } from "../src/index.js";
import { after, fail, fakeExecutor, ok } from "./helpers/fake-executor.js";

const refund = (payment_id: string, delayMs: number): LoopStep => ({ tool: "codespar_pay", params: { payment_id, delayMs } });

/** Each call takes `params.delayMs`; payment ids starting with "bad" fail. */
const timed = () =>
  fakeExecutor(({ tool, params }) => {
    const id = String(params.payment_id);
    return after(Number(params.delayMs), id.startsWith("bad") ? fail(tool, "payment_not_found", "No such payment", `tc_${id}`) : ok(tool, null, `tc_${id}`));
  });

describe("loop: concurrency", () => {
  it("runs up to N steps at once and keeps results aligned when they finish out of order", async () => {
    const executor = timed();
    const steps = [refund("p1", 60), refund("p2", 40), refund("p3", 20), refund("p4", 10), refund("p5", 5)];
    const result = await loop(executor, { steps, concurrency: 3 });

    expect(executor.maxInFlight).toBe(3);
    expect(result.results.map((r) => r.tool_call_id)).toEqual(["tc_p1", "tc_p2", "tc_p3", "tc_p4", "tc_p5"]);
    expect(result).toMatchObject({ success: true, completedSteps: 5, totalSteps: 5 });
  });

  it("is faster than sequential for independent steps", async () => {
    const steps = Array.from({ length: 6 }, (_, i) => refund(`p${i}`, 30));
    const started = Date.now();
    await loop(timed(), { steps, concurrency: 6 });
    expect(Date.now() - started).toBeLessThan(6 * 30);
  });

  it("with abortOnError, stops launching after the first failure and lets in-flight steps finish", async () => {
    const executor = timed();
    const steps = [refund("bad1", 5), refund("p2", 40), refund("p3", 5), refund("p4", 5), refund("p5", 5)];
    const result = await loop(executor, { steps, concurrency: 2 });

    // bad1 fails at ~5 ms while p2 is in flight; p2 finishes with its real result, nothing else starts.
    expect(executor.calls.map((c) => c.params.payment_id)).toEqual(["bad1", "p2"]);
    expect(result.results.map((r) => r.error_code)).toEqual(["payment_not_found", null, "aborted", "aborted", "aborted"]);
    expect(result.results[1]?.tool_call_id).toBe("tc_p2");
    expect(result.success).toBe(false);
  });

  it("with abortOnError: false, runs every step and keeps each failure in its place", async () => {
    const executor = timed();
    const steps = [refund("p1", 20), refund("bad2", 5), refund("p3", 10), refund("bad4", 1)];
    const result = await loop(executor, { steps, concurrency: 4, abortOnError: false });
    expect(result.results.map((r) => r.success)).toEqual([true, false, true, false]);
    expect(result.results.map((r) => r.tool_call_id)).toEqual(["tc_p1", "tc_bad2", "tc_p3", "tc_bad4"]);
  });

  it("gives params functions only the finished steps, in step order", async () => {
    const executor = timed();
    let seen: Array<string | null> = [];
    const steps: LoopStep[] = [
      refund("p1", 5),
      refund("p2", 80),
      {
        tool: "codespar_pay",
        params: async () => {
          await after(30, undefined);
          return { payment_id: "p3", delayMs: 1 };
        },
      },
      {
        tool: "codespar_pay",
        // Launched once p1 finished (at ~5 ms), while p2 and step 2 are still running.
        params: (prev) => ((seen = prev.map((r) => r.tool_call_id)), { payment_id: "p4", delayMs: 1 }),
      },
    ];
    const result = await loop(executor, { steps, concurrency: 3 });
    expect(seen).toEqual(["tc_p1"]);
    expect(result.results).toHaveLength(4);
  });

  it("accepts a concurrency larger than the number of steps", async () => {
    const result = await loop(timed(), { steps: [refund("p1", 1), refund("p2", 1)], concurrency: 50 });
    expect(result.results).toHaveLength(2);
  });
});
