import { defineConfig } from "vitest/config";

/**
 * `npm run test:reliability`: only the reliability suite (real server processes, SIGKILLs,
 * seeded faults), bounded to a few minutes; `npm test` leaves it out.
 */
export default defineConfig({
  test: {
    include: ["packages/cli/test/reliability/**/*.test.ts"],
    testTimeout: 420_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Rounds run one after another: each drives whole processes and measures them.
    fileParallelism: false,
  },
});
