import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";
import { LOCAL_DEFAULTS } from "./simulators/shared/local-defaults";
import { postgresProject } from "./tests/setup/postgres-project";

// Separate from vite.config.ts so the Remix plugin stays out of tests.
// Two projects: every test on SQLite (the default), and the storage tests again on PostgreSQL when
// TEST_POSTGRES_URL names a server (see tests/setup/postgres-project.ts).
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    env: { ...LOCAL_DEFAULTS, NODE_ENV: "test", LOG_LEVEL: "silent", DATABASE_URL: "file:./tmp/test/unused.sqlite" },
    projects: [
      {
        extends: true,
        test: {
          name: "sqlite",
          include: [
            "app/**/*.test.ts",
            "app/.server/**/*.test.ts",
            "simulators/**/*.test.ts",
            "tests/**/*.test.ts",
            "scripts/**/*.test.ts",
            "extensions/*/src/**/*.test.ts",
          ],
          globalSetup: ["tests/setup/global-setup.ts"],
        },
      },
      ...postgresProject(),
    ],
  },
});
