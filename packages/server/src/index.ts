export { buildApp, type BuildAppOptions } from "./app.js";
export { startServer, DEFAULT_PORT, type RunningServer } from "./server.js";
export { defaultServerConfig, serverConfigFromEnv, DEFAULT_SESSION_IDLE_TIMEOUT_MS, type ServerConfig } from "./config/server-config.js";
export { createApiKey, ensureProject, type CreatedKey } from "./auth/project-service.js";
export { openStore, type Store } from "./storage/index.js";
export { createSqliteStore } from "./storage/sqlite/sqlite-store.js";
export type { Services } from "./services.js";
export type { ConnectionInput, ConnectionView } from "./connections/connection-service.js";
export type { ToolResult } from "./tools/tool-result.js";
