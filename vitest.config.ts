import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/*/test/**/*.test.ts"],
    // The reliability suite takes minutes; it runs on its own (vitest.reliability.config.ts).
    // The distributed end-to-end tests run after this suite, on their own (vitest.distributed.config.ts).
    exclude: [...configDefaults.exclude, "packages/cli/test/reliability/**", "packages/cli/test/distributed/**"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
