import type { StepError } from "./errors.js";
import type { ToolResult } from "./types.js";

/** A tool's input: any object (an interface-typed one too), sent as JSON. */
export type StepParams = object;

export interface LoopStep {
  tool: string;
  /** An object, or a function of the results so far (in step order) that returns one. */
  params: StepParams | ((prev: ToolResult[]) => StepParams | Promise<StepParams>);
  /** Run the step only when this returns true; otherwise its result is `error_code: "skipped"`. */
  when?: (prev: ToolResult[]) => boolean | Promise<boolean>;
}

export interface RetryPolicy {
  /** Extra attempts after the first, for retryable failures only. */
  maxRetries: number;
  /** Default `"exponential"`: baseDelay, 2x, 4x, ...; `"linear"`: baseDelay, 2x, 3x, ... */
  backoff?: "linear" | "exponential";
  /** Milliseconds before the first retry, before jitter. Default 1000. */
  baseDelay?: number;
}

export interface LoopConfig<S extends LoopStep = LoopStep> {
  steps: S[];
  /** Stop launching steps after the first failure. Default true. */
  abortOnError?: boolean;
  /** Called once per failed step, after its last attempt. Default: none. */
  onStepError?: (step: S, error: StepError, index: number) => void | Promise<void>;
  /** Called once per step that ran (succeeded or failed), after onStepError. Default: none. */
  onStepComplete?: (step: S, result: ToolResult, index: number) => void | Promise<void>;
  /** Default: no retries. */
  retryPolicy?: RetryPolicy;
  /** Steps in flight at once. Default 1 (strictly sequential). */
  concurrency?: number;
}

/** A callback that threw or rejected; the loop went on and the step's result is unchanged. */
export interface LoopCallbackError {
  index: number;
  callback: "onStepError" | "onStepComplete";
  error: unknown;
}

export interface LoopResult {
  /** True when every step that ran succeeded; skipped steps don't count against it, aborted ones do. */
  success: boolean;
  /** Always parallel to `steps`. */
  results: ToolResult[];
  /** Milliseconds for the whole loop. */
  duration: number;
  /** Steps that succeeded. */
  completedSteps: number;
  totalSteps: number;
  callbackErrors: LoopCallbackError[];
}

/** All the loop needs from a session; tests and other transports can provide their own. */
export interface ToolExecutor {
  execute(tool: string, params: StepParams): Promise<ToolResult>;
}
