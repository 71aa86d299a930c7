// Prisma CLI configuration. The CLI runs through the JS driver adapter (no native engines to download):
// see scripts/prisma.mjs, which sets the env vars that stop the CLI from fetching engine binaries.
// A postgresql:// DATABASE_URL selects the PostgreSQL schema derived from prisma/schema.prisma (see
// scripts/prisma-postgres.mjs), its own migrations folder, and adapter-pg through the migrate shim.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { Pool } from "pg";
import { MigratePg, MigratePool } from "./scripts/pg-migrate-pool.mjs";
import { isPostgresUrl, postgresMigrationsDir, postgresSchemaPath } from "./scripts/prisma-env.mjs";

const url = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";
const postgres = isPostgresUrl(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? postgresSchemaPath : path.join("prisma", "schema.prisma"),
  migrations: { path: postgres ? postgresMigrationsDir : path.join("prisma", "migrations") },
  async adapter() {
    if (postgres) return new MigratePg(new MigratePool({ connectionString: url, max: 2 }) as unknown as Pool);
    return new PrismaBetterSQLite3({ url });
  },
});
