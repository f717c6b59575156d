export { CodeSpar } from "./client.js";
export type { Session } from "./session.js";
export { loop } from "./loop.js";
export { CodesparApiError, TimeoutError, StepError } from "./errors.js";
export { RETRYABLE_CODES } from "./retry.js";
export { VERSION } from "./version.js";
export { Batches } from "./batches.js";
export type { BatchEvent, BatchInfo, BatchItem, BatchItemsPage, BatchItemStatus, BatchStatus, CreateBatchOptions } from "./batch-types.js";
export type { ServerSentEvent } from "./sse.js";
export type {
  CodeSparOptions,
  CreateSessionOptions,
  DiscoverQuery,
  DiscoverResult,
  DiscoverServer,
  DiscoverToolResult,
  ListSessionsOptions,
  PaymentStatus,
  ServerConnection,
  ServerInfo,
  SessionConnections,
  SessionInfo,
  SessionList,
  ToolCall,
  ToolDefinition,
  ToolResult,
  WhoAmI,
} from "./types.js";
export type { LoopCallbackError, LoopConfig, LoopResult, LoopStep, RetryPolicy, StepParams, ToolExecutor } from "./loop-types.js";
