// A fresh, migrated SQLite database per call (copied from the template made in global setup).
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { createPrismaClient } from "../../app/.server/db/create-prisma-client";

export interface TestDb {
  prisma: PrismaClient;
  url: string;
  file: string;
  drop(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const template = process.env.TEST_TEMPLATE_DB ?? path.resolve("tmp/test/template.sqlite");
  const file = path.resolve(`tmp/test/db-${randomUUID()}.sqlite`);
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(template, file);
  const url = `file:${file}`;
  const prisma = createPrismaClient(url);
  return {
    prisma,
    url,
    file,
    async drop() {
      await prisma.$disconnect();
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    },
  };
}
