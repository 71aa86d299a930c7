#!/usr/bin/env node
// Runs the Prisma CLI with the offline recipe, so nobody has to remember the env vars.
// Usage: node scripts/prisma.mjs <prisma args...>   (e.g. generate, migrate deploy)
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { loadDotEnv } from "../app/.server/load-dotenv.mjs";
import { prismaCliEnv, defaultDatabaseUrl } from "./prisma-env.mjs";

loadDotEnv();
const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const env = { ...process.env, ...prismaCliEnv, DATABASE_URL: process.env.DATABASE_URL || defaultDatabaseUrl };
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: "inherit", env });
process.exit(result.status ?? 1);
