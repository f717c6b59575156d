import { describe, expect, it, vi } from "vitest";
import { CodesparApiError, loop, StepError, TimeoutError, type LoopStep, type ToolResult } from "../src/index.js";
import { fail, fakeExecutor, ok } from "./helpers/fake-executor.js";

const refund = (payment_id: string): LoopStep => ({ tool: "codespar_pay", params: { action: "refund", payment_id } });
const byPayment = (failing: Record<string, ToolResult | Error>) =>
  fakeExecutor(({ tool, params }) => {
    const outcome = failing[String(params.payment_id)];
    if (outcome instanceof Error) throw outcome;
    return outcome ?? ok(tool, { payment_id: params.payment_id }, `tc_${String(params.payment_id)}`);
  });

describe("loop: order and alignment", () => {
  it("runs every step in order, one at a time, with results parallel to steps", async () => {
    const executor = byPayment({});
    const result = await loop(executor, { steps: ["p1", "p2", "p3"].map(refund) });

    expect(executor.calls.map((c) => c.params.payment_id)).toEqual(["p1", "p2", "p3"]);
    expect(executor.maxInFlight).toBe(1);
    expect(result.results.map((r) => r.tool_call_id)).toEqual(["tc_p1", "tc_p2", "tc_p3"]);
    expect(result).toMatchObject({ success: true, completedSteps: 3, totalSteps: 3, callbackErrors: [] });
    expect(result.duration).toBeGreaterThanOrEqual(0);
  });

  it("accepts params typed by the caller's own interface", async () => {
    interface RefundParams {
      action: "refund";
      payment_id: string;
    }
    const params: RefundParams = { action: "refund", payment_id: "p1" };
    const executor = byPayment({});
    await loop(executor, { steps: [{ tool: "codespar_pay", params }] });
    expect(executor.calls[0]?.params).toEqual(params);
  });

  it("returns an empty, successful result for no steps", async () => {
    const result = await loop(byPayment({}), { steps: [] });
    expect(result).toMatchObject({ success: true, results: [], completedSteps: 0, totalSteps: 0 });
  });
});

describe("loop: abortOnError", () => {
  it("stops at the first failure by default and marks the rest aborted", async () => {
    const executor = byPayment({ p2: fail("codespar_pay", "payment_not_found") });
    const result = await loop(executor, { steps: ["p1", "p2", "p3", "p4"].map(refund) });

    expect(executor.calls).toHaveLength(2);
    expect(result.success).toBe(false);
    expect(result.results.map((r) => r.error_code)).toEqual([null, "payment_not_found", "aborted", "aborted"]);
    expect(result.results[2]).toMatchObject({ success: false, tool: "codespar_pay", tool_call_id: null, called_at: null, server: null, data: null });
    expect(result.results[2]?.error).toMatch(/step 1 failed/);
    expect(result.completedSteps).toBe(1);
  });

  it("runs every step with abortOnError: false, keeping each failure in its place", async () => {
    const executor = byPayment({ p2: fail("codespar_pay", "payment_not_found"), p4: fail("codespar_pay", "already_refunded") });
    const result = await loop(executor, { steps: ["p1", "p2", "p3", "p4", "p5"].map(refund), abortOnError: false });

    expect(executor.calls).toHaveLength(5);
    expect(result.results.map((r) => r.success)).toEqual([true, false, true, false, true]);
    expect(result.results.map((r) => r.error_code)).toEqual([null, "payment_not_found", null, "already_refunded", null]);
    expect(result).toMatchObject({ success: false, completedSteps: 3, totalSteps: 5 });
  });
});

describe("loop: steps that throw", () => {
  it("turns a thrown API error into that step's failed result, never a rejection", async () => {
    const expired = new CodesparApiError({ status: 410, code: "session_expired", message: "Session expired", requestId: "req_9" });
    const result = await loop(byPayment({ p2: expired }), { steps: ["p1", "p2", "p3"].map(refund), abortOnError: false });

    expect(result.results[1]).toMatchObject({
      success: false,
      error: "Session expired",
      error_code: "session_expired",
      tool: "codespar_pay",
      tool_call_id: null,
      data: null,
    });
    expect(typeof result.results[1]?.called_at).toBe("string");
    expect(result.results[2]?.success).toBe(true);
  });

  it("codes a thrown timeout as timeout", async () => {
    const result = await loop(byPayment({ p1: new TimeoutError("timed out after 5 ms", 5) }), { steps: [refund("p1")] });
    expect(result.results[0]).toMatchObject({ error_code: "timeout", error: "timed out after 5 ms" });
  });

  it("codes any other thrown error as internal_error", async () => {
    const result = await loop(byPayment({ p1: new Error("kaboom") }), { steps: [refund("p1")] });
    expect(result.results[0]).toMatchObject({ error_code: "internal_error", error: "kaboom" });
  });

  it("aborts after a thrown step like after a failed one", async () => {
    const executor = byPayment({ p1: new Error("kaboom") });
    const result = await loop(executor, { steps: ["p1", "p2"].map(refund) });
    expect(executor.calls).toHaveLength(1);
    expect(result.results[1]?.error_code).toBe("aborted");
  });

  it("fails a step whose params function throws, without calling the tool", async () => {
    const executor = byPayment({});
    const steps: LoopStep[] = [{ tool: "codespar_pay", params: () => { throw new Error("no payment id"); } }];
    const result = await loop(executor, { steps, retryPolicy: { maxRetries: 3, baseDelay: 1 } });
    expect(executor.calls).toHaveLength(0);
    expect(result.results[0]).toMatchObject({ success: false, error: "no payment id", error_code: "internal_error" });
  });
});

describe("loop: when and function params", () => {
  it("skips a step whose when() is false without failing the loop", async () => {
    const executor = byPayment({});
    const onStepComplete = vi.fn();
    const result = await loop(executor, {
      steps: [refund("p1"), { ...refund("p2"), when: () => false }, refund("p3")],
      onStepComplete,
    });

    expect(executor.calls.map((c) => c.params.payment_id)).toEqual(["p1", "p3"]);
    expect(result.results[1]).toMatchObject({ success: false, error_code: "skipped", tool: "codespar_pay", tool_call_id: null });
    expect(result.success).toBe(true);
    expect(result.completedSteps).toBe(2);
    expect(onStepComplete.mock.calls.map((c) => c[2])).toEqual([0, 2]);
  });

  it("gives when() and params functions the results so far, in step order", async () => {
    const executor = byPayment({ p2: fail("codespar_pay", "payment_not_found", "No such payment", "tc_p2") });
    const seen: string[][] = [];
    const result = await loop(executor, {
      abortOnError: false,
      steps: [
        refund("p1"),
        refund("p2"),
        {
          tool: "codespar_pay",
          when: async (prev) => prev.some((r) => !r.success),
          params: async (prev) => {
            seen.push(prev.map((r) => r.tool_call_id ?? "none"));
            return { action: "status", payment_id: `after-${prev.length}` };
          },
        },
      ],
    });

    expect(seen).toEqual([["tc_p1", "tc_p2"]]);
    expect(executor.calls[2]?.params).toEqual({ action: "status", payment_id: "after-2" });
    expect(result.results).toHaveLength(3);
  });

  it("counts a skipped step in the prev that later steps receive", async () => {
    const lengths: number[] = [];
    await loop(byPayment({}), {
      steps: [{ ...refund("p1"), when: () => false }, { tool: "codespar_pay", params: (prev) => (lengths.push(prev.length), {}) }],
    });
    expect(lengths).toEqual([1]);
  });
});

describe("loop: retryPolicy", () => {
  it("retries a retryable failure up to maxRetries, then keeps the last result", async () => {
    const executor = byPayment({ p1: fail("codespar_pay", "provider_unavailable") });
    const result = await loop(executor, { steps: [refund("p1")], retryPolicy: { maxRetries: 2, backoff: "linear", baseDelay: 1 } });
    expect(executor.calls).toHaveLength(3);
    expect(result.results[0]?.error_code).toBe("provider_unavailable");
  });

  it("stops retrying as soon as an attempt succeeds", async () => {
    const executor = fakeExecutor(({ tool }, n) => (n < 3 ? fail(tool, "provider_rate_limited") : ok(tool)));
    const onStepError = vi.fn();
    const result = await loop(executor, { steps: [refund("p1")], retryPolicy: { maxRetries: 5, baseDelay: 1 }, onStepError });
    expect(executor.calls).toHaveLength(3);
    expect(result.success).toBe(true);
    expect(onStepError).not.toHaveBeenCalled();
  });

  it.each(["outcome_unknown", "payment_not_found", "already_refunded"])("never retries %s", async (code) => {
    const executor = byPayment({ p1: fail("codespar_pay", code) });
    await loop(executor, { steps: [refund("p1")], retryPolicy: { maxRetries: 3, baseDelay: 1 } });
    expect(executor.calls).toHaveLength(1);
  });

  it("retries a thrown 503 but not a thrown 410", async () => {
    const unavailable = byPayment({ p1: new CodesparApiError({ status: 503, code: "http_error", message: "down" }) });
    await loop(unavailable, { steps: [refund("p1")], retryPolicy: { maxRetries: 2, baseDelay: 1 } });
    expect(unavailable.calls).toHaveLength(3);

    const expired = byPayment({ p1: new CodesparApiError({ status: 410, code: "session_expired", message: "gone" }) });
    await loop(expired, { steps: [refund("p1")], retryPolicy: { maxRetries: 2, baseDelay: 1 } });
    expect(expired.calls).toHaveLength(1);
  });

  it("does not retry without a retryPolicy", async () => {
    const executor = byPayment({ p1: fail("codespar_pay", "provider_timeout") });
    await loop(executor, { steps: [refund("p1")] });
    expect(executor.calls).toHaveLength(1);
  });

  it("waits the linear back-off between attempts (jitter keeps at least half)", async () => {
    const executor = byPayment({ p1: fail("codespar_pay", "provider_unavailable") });
    const started = Date.now();
    await loop(executor, { steps: [refund("p1")], retryPolicy: { maxRetries: 2, backoff: "linear", baseDelay: 40 } });
    expect(Date.now() - started).toBeGreaterThanOrEqual((40 + 80) / 2 - 5);
  });

  it("waits the exponential back-off between attempts (jitter keeps at least half)", async () => {
    const executor = byPayment({ p1: fail("codespar_pay", "provider_unavailable") });
    const started = Date.now();
    await loop(executor, { steps: [refund("p1")], retryPolicy: { maxRetries: 3, backoff: "exponential", baseDelay: 40 } });
    expect(executor.calls).toHaveLength(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual((40 + 80 + 160) / 2 - 5);
  });
});

describe("loop: callbacks", () => {
  it("calls onStepError with the step, an Error carrying code and result, and the index", async () => {
    const onStepError = vi.fn();
    const steps = ["p1", "p2", "p3"].map(refund);
    await loop(byPayment({ p2: fail("codespar_pay", "payment_not_found", "No such payment") }), { steps, abortOnError: false, onStepError });

    expect(onStepError).toHaveBeenCalledTimes(1);
    const [step, error, index] = onStepError.mock.calls[0] as [LoopStep, StepError, number];
    expect(step).toBe(steps[1]);
    expect(index).toBe(1);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ message: "No such payment", code: "payment_not_found" });
    expect(error.result.error_code).toBe("payment_not_found");
  });

  it("puts the thrown error in onStepError's error.cause", async () => {
    const thrown = new CodesparApiError({ status: 401, code: "unauthorized", message: "Bad key" });
    const onStepError = vi.fn();
    await loop(byPayment({ p1: thrown }), { steps: [refund("p1")], onStepError });
    expect((onStepError.mock.calls[0]?.[1] as StepError).cause).toBe(thrown);
  });

  it("calls onStepComplete for every step that ran, with its result and index", async () => {
    const onStepComplete = vi.fn();
    const steps = ["p1", "p2"].map(refund);
    await loop(byPayment({ p2: fail("codespar_pay", "payment_not_found") }), { steps, abortOnError: false, onStepComplete });
    expect(onStepComplete.mock.calls.map(([step, result, index]) => [step, (result as ToolResult).success, index])).toEqual([
      [steps[0], true, 0],
      [steps[1], false, 1],
    ]);
  });

  it("does not call callbacks for aborted steps", async () => {
    const onStepError = vi.fn();
    const onStepComplete = vi.fn();
    await loop(byPayment({ p1: fail("codespar_pay", "payment_not_found") }), { steps: ["p1", "p2", "p3"].map(refund), onStepError, onStepComplete });
    expect(onStepError.mock.calls.map((c) => c[2])).toEqual([0]);
    expect(onStepComplete.mock.calls.map((c) => c[2])).toEqual([0]);
  });

  it("records a throwing or rejecting callback and carries on with results unchanged", async () => {
    const bug = new Error("logger exploded");
    const result = await loop(byPayment({ p2: fail("codespar_pay", "payment_not_found") }), {
      steps: ["p1", "p2", "p3"].map(refund),
      abortOnError: false,
      onStepError: async () => Promise.reject(bug),
      onStepComplete: (_step, _result, index) => {
        if (index === 0) throw bug;
      },
    });

    expect(result.results.map((r) => r.success)).toEqual([true, false, true]);
    expect(result.callbackErrors).toEqual([
      { index: 0, callback: "onStepComplete", error: bug },
      { index: 1, callback: "onStepError", error: bug },
    ]);
  });
});

describe("loop: config validation", () => {
  it("rejects a concurrency below 1 or not an integer", async () => {
    await expect(loop(byPayment({}), { steps: [], concurrency: 0 })).rejects.toThrow(RangeError);
    await expect(loop(byPayment({}), { steps: [], concurrency: 1.5 })).rejects.toThrow(RangeError);
  });

  it("rejects an invalid retryPolicy before running anything", async () => {
    const executor = byPayment({});
    await expect(loop(executor, { steps: [refund("p1")], retryPolicy: { maxRetries: -1 } })).rejects.toThrow(RangeError);
    expect(executor.calls).toHaveLength(0);
  });
});
