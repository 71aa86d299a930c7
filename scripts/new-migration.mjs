#!/usr/bin/env node
// Writes a new SQL migration from the difference between the schema snapshot stored with the latest
// migration and prisma/schema.prisma. (`prisma migrate dev` needs a native schema engine we cannot
// download; `migrate diff` works with the JS engine.)
// The same change is written for PostgreSQL into prisma/migrations-postgres (from the schema derived from
// prisma/schema.prisma; diffing needs a server: TEST_POSTGRES_URL=$(scripts/pg-test-cluster.sh)).
// Usage: npm run db:migration -- <short_name>
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { prismaCliEnv, defaultDatabaseUrl } from "./prisma-env.mjs";
import { diffServerUrl, writePostgresMigration } from "./prisma-postgres.mjs";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:migration -- <short_name>");
  process.exit(2);
}
try {
  diffServerUrl(); // before writing anything: both providers' migrations are written, or neither
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const dir = "prisma/migrations";
const previous = readdirSync(dir).filter((d) => /^\d{14}_/.test(d)).sort().at(-1);
const snapshot = previous ? path.join(dir, previous, "schema.snapshot.prisma") : null;
if (snapshot && !existsSync(snapshot)) {
  console.error(`missing ${snapshot}: cannot tell what the latest migration produced`);
  process.exit(1);
}
const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const from = snapshot ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
const diff = spawnSync(
  process.execPath,
  [cli, "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { encoding: "utf8", env: { ...process.env, ...prismaCliEnv, DATABASE_URL: process.env.DATABASE_URL || defaultDatabaseUrl } },
);
if (diff.status !== 0) {
  console.error(diff.stderr || diff.stdout);
  process.exit(diff.status ?? 1);
}
if (/^-- This is an empty migration\.?\s*$/m.test(diff.stdout) && diff.stdout.trim().split("\n").length <= 1) {
  console.log("schema unchanged: no migration written");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:TZ.]/g, "").slice(0, 14);
const target = path.join(dir, `${stamp}_${name}`);
mkdirSync(target);
writeFileSync(path.join(target, "migration.sql"), diff.stdout);
copyFileSync("prisma/schema.prisma", path.join(target, "schema.snapshot.prisma"));
if (!existsSync(path.join(dir, "migration_lock.toml"))) {
  writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "sqlite"\n');
}
console.log(`wrote ${target}/migration.sql`);
const postgresTarget = writePostgresMigration(`${stamp}_${name}`);
if (postgresTarget) console.log(`wrote ${postgresTarget}/migration.sql`);
