#!/usr/bin/env node
// The PostgreSQL side of the Prisma CLI (the SQLite default is scripts/prisma.mjs).
// Usage:
//   node scripts/prisma-postgres.mjs generate          postgres schema + client (prisma/postgres/, git-ignored)
//   node scripts/prisma-postgres.mjs deploy            apply prisma/migrations-postgres to $DATABASE_URL
//   node scripts/prisma-postgres.mjs migration <name>  write a postgres migration (new-migration.mjs calls it)
//   node scripts/prisma-postgres.mjs check             exit 1 if the postgres migrations lag behind the schema
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { loadDotEnv } from "../app/.server/load-dotenv.mjs";
import { isPostgresUrl, postgresClientDir, postgresMigrationsDir, postgresSchemaPath, prismaCliEnv } from "./prisma-env.mjs";
import { writePostgresSchema } from "./postgres-schema.mjs";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");

function prisma(args, { capture = false, url } = {}) {
  // generate needs no database (any postgres URL satisfies env("DATABASE_URL")); diff and deploy do.
  const env = { ...process.env, ...prismaCliEnv, DATABASE_URL: url ?? "postgresql://unused@127.0.0.1:1/unused" };
  return spawnSync(process.execPath, [cli, ...args], capture ? { encoding: "utf8", env } : { stdio: "inherit", env });
}

// `migrate diff` runs through the adapter, and the wasm schema engine opens a connection even to diff two
// schema files: it needs some PostgreSQL server (it creates nothing there).
export function diffServerUrl() {
  const url = [process.env.PRISMA_DIFF_POSTGRES_URL, process.env.DATABASE_URL, process.env.TEST_POSTGRES_URL].find(isPostgresUrl);
  if (!url) {
    throw new Error(
      "migrate diff for PostgreSQL needs a server: set TEST_POSTGRES_URL (e.g. TEST_POSTGRES_URL=$(scripts/pg-test-cluster.sh))",
    );
  }
  return url;
}

function latestMigration() {
  if (!existsSync(postgresMigrationsDir)) return null;
  return readdirSync(postgresMigrationsDir).filter((d) => /^\d{14}_/.test(d)).sort().at(-1) ?? null;
}

/** The SQL that takes the latest postgres migration's snapshot to the current schema ("" when none). */
export function pendingPostgresDiff() {
  writePostgresSchema();
  const previous = latestMigration();
  const from = previous
    ? ["--from-schema-datamodel", path.join(postgresMigrationsDir, previous, "schema.snapshot.prisma")]
    : ["--from-empty"];
  const diff = prisma(["migrate", "diff", ...from, "--to-schema-datamodel", postgresSchemaPath, "--script"], {
    capture: true,
    url: diffServerUrl(),
  });
  if (diff.status !== 0) throw new Error(diff.stderr || diff.stdout);
  const isEmpty = /^-- This is an empty migration\.?\s*$/m.test(diff.stdout) && diff.stdout.trim().split("\n").length <= 1;
  return isEmpty ? "" : diff.stdout;
}

export function writePostgresMigration(dirName) {
  const sql = pendingPostgresDiff();
  if (!sql) return null;
  const target = path.join(postgresMigrationsDir, dirName);
  mkdirSync(target, { recursive: true });
  writeFileSync(path.join(target, "migration.sql"), sql);
  copyFileSync(postgresSchemaPath, path.join(target, "schema.snapshot.prisma"));
  const lock = path.join(postgresMigrationsDir, "migration_lock.toml");
  if (!existsSync(lock)) writeFileSync(lock, 'provider = "postgresql"\n');
  return target;
}

// A client generated to a custom output gets its own copy of the runtime (byte for byte the one in
// @prisma/client but for a header). Two copies mean two sets of classes: the app's
// `instanceof Prisma.PrismaClientKnownRequestError` (from @prisma/client) would miss PostgreSQL errors.
// Pointing the generated client at @prisma/client's runtime, as the default client does, keeps one.
function shareRuntime() {
  for (const file of ["index.js", "index.d.ts"]) {
    const target = path.join(postgresClientDir, file);
    const text = readFileSync(target, "utf8");
    const shared = text.replaceAll("'./runtime/client.js'", "'@prisma/client/runtime/client.js'").replaceAll('"./runtime/client.js"', '"@prisma/client/runtime/client.js"');
    if (shared === text && file === "index.js") throw new Error(`${target}: no require('./runtime/client.js') to redirect`);
    writeFileSync(target, shared);
  }
}

function main() {
  loadDotEnv();
  const [command, arg] = process.argv.slice(2);
  if (command === "generate") {
    writePostgresSchema();
    const status = prisma(["generate", "--schema", postgresSchemaPath]).status ?? 1;
    if (status === 0) shareRuntime();
    process.exit(status);
  }
  if (command === "deploy") {
    const url = process.env.DATABASE_URL;
    if (!isPostgresUrl(url)) {
      console.error("deploy: DATABASE_URL must be a postgresql:// URL");
      process.exit(2);
    }
    writePostgresSchema();
    // prisma.config.ts picks the postgres schema, migrations folder and the adapter shim from the URL.
    process.exit(prisma(["migrate", "deploy"], { url }).status ?? 1);
  }
  if (command === "migration") {
    const name = (arg ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
    if (!name) {
      console.error("usage: node scripts/prisma-postgres.mjs migration <name>");
      process.exit(2);
    }
    const stamp = new Date().toISOString().replace(/[-:TZ.]/g, "").slice(0, 14);
    const target = writePostgresMigration(`${stamp}_${name}`);
    console.log(target ? `wrote ${target}/migration.sql` : "postgres schema unchanged: no migration written");
    process.exit(0);
  }
  if (command === "check") {
    const sql = pendingPostgresDiff();
    if (sql) {
      console.error(`postgres migrations are behind prisma/schema.prisma; run npm run db:migration -- <name>:\n${sql}`);
      process.exit(1);
    }
    console.log("postgres migrations match prisma/schema.prisma");
    process.exit(0);
  }
  console.error("usage: node scripts/prisma-postgres.mjs generate|deploy|migration <name>|check");
  process.exit(2);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
