#!/usr/bin/env node
// `npm run setup`: generates the Prisma client(s) and applies the migrations of the provider that
// DATABASE_URL selects: file: (default) SQLite, postgresql:// PostgreSQL (DESIGN.md section 8).
import { spawnSync } from "node:child_process";
import { loadDotEnv } from "../app/.server/load-dotenv.mjs";
import { isPostgresUrl } from "./prisma-env.mjs";

loadDotEnv();
const run = (script, ...args) => {
  const result = spawnSync(process.execPath, [script, ...args], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
// The SQLite client in node_modules is always generated: the app's types and Prisma.sql come from it.
run("scripts/prisma.mjs", "generate");
if (isPostgresUrl(process.env.DATABASE_URL)) {
  run("scripts/prisma-postgres.mjs", "generate");
  run("scripts/prisma-postgres.mjs", "deploy");
} else {
  run("scripts/prisma.mjs", "migrate", "deploy");
}
