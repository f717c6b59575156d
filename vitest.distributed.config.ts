import { defineConfig } from "vitest/config";

/**
 * The distributed end-to-end tests (API and worker processes on PostgreSQL and Redis, one of
 * them SIGKILLed): `npm test` runs them after the main suite rather than beside it, because
 * they load the machine for most of a minute and the main suite's timing-sensitive tests
 * should not share it.
 */
export default defineConfig({
  test: {
    include: ["packages/cli/test/distributed/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: "forks",
    fileParallelism: false,
  },
});
