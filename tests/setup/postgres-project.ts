// The PostgreSQL leg of the test matrix: the same test files as on SQLite (not copies), run with
// TEST_DB_BACKEND=postgres so tests/support/test-db.ts hands out PostgreSQL databases.
// Without TEST_POSTGRES_URL the leg is skipped with a message, except under CI=true where it must run.
// Start a server with: TEST_POSTGRES_URL=$(scripts/pg-test-cluster.sh)
import type { TestProjectInlineConfiguration } from "vitest/config";

/** Test files that pass on PostgreSQL. A test belongs here only once it does. */
export const POSTGRES_TESTS = [
  "app/.server/db/*.test.ts",
  "app/.server/jobs/job-queue.contract.test.ts",
  "app/.server/jobs/pg-boss-queue-lost-connection.test.ts",
  "tests/intake/*.test.ts",
  "tests/lifecycle/retention.test.ts",
  "tests/lifecycle/webhook-health.test.ts",
  // The shop writer on the Prisma store (issue 13 item 3: every writer test runs on it), the store
  // contract, the queue end to end and the sell-out chain (item 4).
  "tests/writer/*.test.ts",
  "tests/storage/postgres-*.test.ts",
  "tests/storage/dialect-queries.test.ts",
  // Issue 11: the item_sync_error migration's data SQL on old-shape data.
  "tests/storage/migration-item-sync-error.test.ts",
  "tests/lifecycle/whiplash-connect*.test.ts",
  "tests/lifecycle/whiplash-disconnect.test.ts",
  "tests/views/item-list.test.ts",
  // Issue 13: units in flight from Shopify orders (two tables, both providers).
  "tests/orders/*.test.ts",
  "tests/views/activity.test.ts",
  // Issue 14 item 4: reconciliation reports keep every discrepancy (ReconcileDiscrepancy) and export CSV.
  "tests/reconcile/reconcile-csv.test.ts",
  // Issue 14: the app's and the worker's /healthz on PostgreSQL, up and with the database unreachable.
  "tests/lifecycle/health-postgres.test.ts",
  // Issue 11's multi-process proof: 2 app processes, 3 workers, one SIGKILLed mid-run.
  "tests/storm/*.test.ts",
];

export function postgresProject(): TestProjectInlineConfiguration[] {
  if (!process.env.TEST_POSTGRES_URL) {
    if (process.env.CI === "true") {
      throw new Error("CI=true but TEST_POSTGRES_URL is unset: the PostgreSQL test leg must run in CI (see .ci/run)");
    }
    if (!process.env.VITEST_POSTGRES_NOTICE_SHOWN) {
      process.env.VITEST_POSTGRES_NOTICE_SHOWN = "1";
      console.warn(
        "[tests] PostgreSQL leg SKIPPED: TEST_POSTGRES_URL is unset. Run it with TEST_POSTGRES_URL=$(scripts/pg-test-cluster.sh) npx vitest run",
      );
    }
    return [];
  }
  return [
    {
      extends: true,
      test: {
        name: "postgres",
        include: POSTGRES_TESTS,
        globalSetup: ["tests/setup/global-setup-postgres.ts"],
        env: { TEST_DB_BACKEND: "postgres" },
      },
    },
  ];
}
