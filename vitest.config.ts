import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";
import { LOCAL_DEFAULTS } from "./simulators/shared/local-defaults";

// Separate from vite.config.ts so the Remix plugin stays out of tests.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: [
      "app/**/*.test.ts",
      "app/.server/**/*.test.ts",
      "simulators/**/*.test.ts",
      "tests/**/*.test.ts",
      "scripts/**/*.test.ts",
      "extensions/*/src/**/*.test.ts",
    ],
    globalSetup: ["tests/setup/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    env: { ...LOCAL_DEFAULTS, NODE_ENV: "test", LOG_LEVEL: "silent", DATABASE_URL: "file:./tmp/test/unused.sqlite" },
  },
});
