import { createApiKey, defaultServerConfig, startServer, type RunningServer, type ServerConfig } from "@codespar/server";
import { createTestDatabase } from "../postgres/pg-test-database.js";

/** `npm run test:postgres` sets this: every HTTP-level test then runs on a fresh PostgreSQL database. */
const ON_POSTGRES = process.env.CODESPAR_TEST_STORE === "postgres";

export interface TestServer {
  server: RunningServer;
  url: string;
  /** csk_test_ key of project "alpha" */
  keyA: string;
  /** csk_test_ key of project "beta" */
  keyB: string;
  api(method: string, path: string, opts?: { key?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/** A real server on a free port with an in-memory store (or a fresh PostgreSQL database) and two projects, for HTTP-level tests. */
export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const db = ON_POSTGRES ? await createTestDatabase() : undefined;
  const config = defaultServerConfig({ dataDir: ":memory:", logLevel: "silent", ...(db ? { databaseUrl: db.url } : {}), ...overrides });
  const server = await startServer(config, { port: 0 });
  const a = await createApiKey(server.services.store, "alpha", "test", "USD");
  const b = await createApiKey(server.services.store, "beta", "test", "USD");
  return {
    server,
    url: server.url,
    keyA: a.apiKey,
    keyB: b.apiKey,
    async api(method, path, opts = {}) {
      const key = opts.key === undefined ? a.apiKey : opts.key;
      const headers: Record<string, string> = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...opts.headers };
      let body: string | undefined = opts.rawBody;
      if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers["content-type"] ??= "application/json";
      }
      const res = await fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // non-JSON bodies (metrics) stay text
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    close: async () => {
      await server.close();
      await db?.drop();
    },
  };
}
