import { ERROR_CODES } from "@codespar/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUTH_ROWS } from "./corpus/auth-rows.js";
import { EXECUTE_ROWS, BATCH_ROWS } from "./corpus/tool-rows.js";
import { FIELD_ROWS, MALFORMED_BODY_ROWS } from "./corpus/body-rows.js";
import { CROSS_PROJECT_ROWS, SESSION_STATE_ROWS } from "./corpus/cross-project-rows.js";
import { PATH_ROWS, QUERY_ROWS } from "./corpus/path-query-rows.js";
import { WEBHOOK_ROWS } from "./corpus/webhook-rows.js";
import { toRawRequest, type HostileRequest } from "./corpus/hostile-request.js";
import { changedTables } from "./db-snapshot.js";
import { startHostileContext, type HostileContext } from "./hostile-context.js";
import { send } from "./http-client.js";

const CORPUS: HostileRequest[] = [
  ...AUTH_ROWS,
  ...CROSS_PROJECT_ROWS,
  ...SESSION_STATE_ROWS,
  ...MALFORMED_BODY_ROWS,
  ...FIELD_ROWS,
  ...EXECUTE_ROWS,
  ...BATCH_ROWS,
  ...QUERY_ROWS,
  ...PATH_ROWS,
  ...WEBHOOK_ROWS,
];

let c: HostileContext;
beforeAll(async () => {
  c = await startHostileContext();
});
afterAll(async () => c?.close());

describe("the hostile request corpus", () => {
  it("has well over 60 distinct requests", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CORPUS.map((r) => r.name)).size).toBe(CORPUS.length);
  });

  it.each(CORPUS.map((row) => [row.name, row] as const))("%s: the right status and code, nothing changed", async (_name, row) => {
    const target = row.on === "short" ? c.short : c.main;
    const before = target.db.snapshot();
    const req = toRawRequest(row, c);
    const a = await send(target.env.baseUrl, req);

    expect({ status: a.status, code: a.body?.error?.code ?? null }, a.text.slice(0, 500)).toEqual({ status: row.status, code: row.code });
    if (row.code !== null) {
      expect(ERROR_CODES[row.code]).toBeDefined();
      expect(typeof a.body.error.message).toBe("string");
      expect(a.body.error.message.length).toBeGreaterThan(0);
      expect(a.body.request_id).toBe(a.headers["x-request-id"]);
    }
    // No answer ever carries an API key, a provider credential or a webhook secret, even one the request sent.
    const answer = `${JSON.stringify(a.headers)}\n${a.text}`;
    for (const secret of c.secrets) expect(answer.includes(secret), `answer contains a secret: ${answer.slice(0, 400)}`).toBe(false);
    // Every answer of the authenticated API reports the rate limit; webhooks and router refusals do not.
    const path = new URL(req.path, "http://localhost").pathname;
    const limited = path.startsWith("/v1/") && !path.startsWith("/v1/webhooks/") && !row.beforeHooks;
    expect(a.headers["ratelimit-limit"] !== undefined, `RateLimit-Limit on ${path}`).toBe(limited);
    row.check?.(a, c);

    expect(changedTables(before, target.db.snapshot()), "tables changed by the request").toEqual([]);
  });
});
