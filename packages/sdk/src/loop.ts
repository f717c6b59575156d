import { setTimeout as sleep } from "node:timers/promises";
import { StepError } from "./errors.js";
import { backoffDelay, isRetryableError, isRetryableResult, resolveRetryPolicy, retryAfterOf, type ResolvedRetryPolicy } from "./retry.js";
import { abortedResult, skippedResult, thrownResult } from "./step-results.js";
import type { LoopCallbackError, LoopConfig, LoopResult, LoopStep, StepParams, ToolExecutor } from "./loop-types.js";
import type { ToolResult } from "./types.js";

interface Outcome {
  result: ToolResult;
  skipped: boolean;
  /** The thrown error, when the step threw instead of returning a failed result. */
  cause?: unknown;
}

/**
 * Runs `config.steps` through `executor` (a Session, usually) and never rejects because of a
 * step: a step that throws becomes that step's failed result. Only an invalid config rejects.
 *
 * With `concurrency` > 1, a `params` or `when` function sees only the steps finished so far
 * (in step order, unfinished ones left out), so steps that depend on earlier results belong in
 * a sequential loop.
 */
export async function loop<S extends LoopStep>(executor: ToolExecutor, config: LoopConfig<S>): Promise<LoopResult> {
  const startedAt = Date.now();
  const steps = config.steps;
  if (!Array.isArray(steps)) throw new TypeError("loop config.steps must be an array");
  const concurrency = resolveConcurrency(config.concurrency);
  const policy = resolveRetryPolicy(config.retryPolicy);
  const abortOnError = config.abortOnError ?? true;

  const outcomes: Array<Outcome | undefined> = new Array<Outcome | undefined>(steps.length).fill(undefined);
  const callbackErrors: LoopCallbackError[] = [];
  let next = 0;
  let firstFailure: number | undefined;

  const worker = async (): Promise<void> => {
    while (firstFailure === undefined && next < steps.length) {
      const index = next++;
      const step = steps[index] as S;
      // Built only for steps with functions: copying every result per step is quadratic in big batches.
      const prev = () => outcomes.flatMap((o) => (o === undefined ? [] : [o.result]));
      const outcome = await runStep(executor, step, prev, policy);
      outcomes[index] = outcome;
      if (outcome.skipped) continue;
      // Set before the callbacks run, so other workers stop launching while they do.
      if (!outcome.result.success && abortOnError) firstFailure ??= index;
      await notify(config, step, outcome, index, callbackErrors);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, steps.length) }, worker));

  const results = outcomes.map((o, i) => o?.result ?? abortedResult((steps[i] as S).tool, firstFailure ?? 0));
  return {
    success: outcomes.every((o) => o !== undefined && (o.skipped || o.result.success)),
    results,
    duration: Date.now() - startedAt,
    completedSteps: outcomes.filter((o) => o !== undefined && !o.skipped && o.result.success).length,
    totalSteps: steps.length,
    callbackErrors,
  };
}

async function runStep(executor: ToolExecutor, step: LoopStep, prev: () => ToolResult[], policy: ResolvedRetryPolicy): Promise<Outcome> {
  const preparedAt = Date.now();
  let params: StepParams;
  try {
    if (step.when !== undefined && !(await step.when(prev()))) return { result: skippedResult(step.tool), skipped: true };
    params = typeof step.params === "function" ? await step.params(prev()) : step.params;
  } catch (err) {
    // The caller's own function failed: not transient, so never retried.
    return { result: thrownResult(step.tool, err, preparedAt), skipped: false, cause: err };
  }

  for (let retry = 0; ; retry++) {
    const attemptAt = Date.now();
    let outcome: Outcome;
    let retryable: boolean;
    try {
      const result = await executor.execute(step.tool, params);
      outcome = { result, skipped: false };
      retryable = isRetryableResult(result);
    } catch (err) {
      outcome = { result: thrownResult(step.tool, err, attemptAt), skipped: false, cause: err };
      retryable = isRetryableError(err);
    }
    if (outcome.result.success || !retryable || retry >= policy.maxRetries) return outcome;
    await sleep(backoffDelay(retry + 1, policy, Math.random, retryAfterOf(outcome.cause)));
  }
}

/** A throwing callback is recorded, not rethrown: a logging bug must not turn a settled refund into a failure. */
async function notify<S extends LoopStep>(
  config: LoopConfig<S>,
  step: S,
  outcome: Outcome,
  index: number,
  callbackErrors: LoopCallbackError[],
): Promise<void> {
  const { onStepError, onStepComplete } = config;
  if (!outcome.result.success && onStepError !== undefined) {
    try {
      await onStepError(step, new StepError(outcome.result, outcome.cause), index);
    } catch (error) {
      callbackErrors.push({ index, callback: "onStepError", error });
    }
  }
  if (onStepComplete !== undefined) {
    try {
      await onStepComplete(step, outcome.result, index);
    } catch (error) {
      callbackErrors.push({ index, callback: "onStepComplete", error });
    }
  }
}

function resolveConcurrency(value: number | undefined): number {
  if (value === undefined) return 1;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`loop concurrency must be a positive integer, got ${String(value)}`);
  return value;
}
