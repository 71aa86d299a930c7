// The one Prisma client of the process (SQLite through the better-sqlite3 driver adapter).
import type { PrismaClient } from "@prisma/client";
import { env } from "./.server/env";
import { createPrismaClient } from "./.server/db/create-prisma-client";

declare global {
  var __prisma: PrismaClient | undefined;
}

// Reused across dev-server reloads so we do not open a new database handle on every edit.
const prisma: PrismaClient = globalThis.__prisma ?? createPrismaClient(env().DATABASE_URL);
if (env().NODE_ENV !== "production") globalThis.__prisma = prisma;

export default prisma;
