// Global setup of the "postgres" vitest project: applies prisma/migrations-postgres to a template
// database on the TEST_POSTGRES_URL cluster and installs pg-boss's schema there (PgBossQueue); each test database is a CREATE DATABASE ... TEMPLATE copy
// (tests/support/test-db.ts). vitest.config.ts only adds the project when TEST_POSTGRES_URL is set.
import { execFileSync } from "node:child_process";
import { postgresDatabaseUrl, withPostgresAdmin } from "../support/test-db";
import { PgBossQueue } from "../../app/.server/jobs/pg-boss-queue";
import { BULK_RUN_JOB, PLATFORM_JOBS, RESYNC_JOB, SHOP_WRITER_JOB, WHIPLASH_EVENT_JOB, WHIPLASH_IMPORT_JOB } from "../../app/.server/jobs/registry";

export default async function setup() {
  const server = process.env.TEST_POSTGRES_URL;
  if (!server) throw new Error("global-setup-postgres: TEST_POSTGRES_URL is unset");
  // Per run (pid): several runs against one cluster must not drop each other's template.
  const template = `template_${process.pid}`;
  await withPostgresAdmin(server, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${template}"`);
  });
  execFileSync(process.execPath, ["scripts/prisma-postgres.mjs", "generate"], { stdio: "pipe" });
  execFileSync(process.execPath, ["scripts/prisma-postgres.mjs", "deploy"], {
    env: { ...process.env, DATABASE_URL: postgresDatabaseUrl(server, template) },
    stdio: "pipe",
  });
  // pg-boss's schema and the app's queues (DDL) in the template too: every test database starts with them,
  // as a production database does after the first start, instead of installing them per test.
  const boss = new PgBossQueue({ connectionString: postgresDatabaseUrl(server, template), max: 1 });
  for (const name of [WHIPLASH_EVENT_JOB, SHOP_WRITER_JOB, WHIPLASH_IMPORT_JOB, BULK_RUN_JOB, RESYNC_JOB, ...Object.values(PLATFORM_JOBS)]) {
    await boss.ensureQueue(name);
  }
  await boss.stop();
  process.env.TEST_POSTGRES_TEMPLATE = template;
  return () => withPostgresAdmin(server, (c) => c.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`));
}
