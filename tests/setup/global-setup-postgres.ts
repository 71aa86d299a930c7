// Global setup of the "postgres" vitest project: applies prisma/migrations-postgres to a template
// database on the TEST_POSTGRES_URL cluster; each test database is a CREATE DATABASE ... TEMPLATE copy
// (tests/support/test-db.ts). vitest.config.ts only adds the project when TEST_POSTGRES_URL is set.
import { execFileSync } from "node:child_process";
import { postgresDatabaseUrl, withPostgresAdmin } from "../support/test-db";

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
  process.env.TEST_POSTGRES_TEMPLATE = template;
  return () => withPostgresAdmin(server, (c) => c.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`));
}
