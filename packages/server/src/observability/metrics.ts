import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** One registry per app instance so tests can run several servers in one process. */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<"method" | "route" | "status">;
  httpDuration: Histogram<"method" | "route">;
  toolCalls: Counter<"tool" | "server" | "outcome">;
  toolCallDuration: Histogram<"tool" | "server">;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "codespar_" });
  return {
    registry,
    httpRequests: new Counter({
      name: "codespar_http_requests_total",
      help: "HTTP requests by route template and status",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "codespar_http_request_duration_seconds",
      help: "HTTP request duration by route template",
      labelNames: ["method", "route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    toolCalls: new Counter({
      name: "codespar_tool_calls_total",
      help: "Tool calls by tool, server and outcome (success or the error code)",
      labelNames: ["tool", "server", "outcome"],
      registers: [registry],
    }),
    toolCallDuration: new Histogram({
      name: "codespar_tool_call_duration_seconds",
      help: "Tool call duration including provider round trips and retries",
      labelNames: ["tool", "server"],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
  };
}
