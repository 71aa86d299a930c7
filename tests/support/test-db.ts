// A fresh, migrated database per call. Backends (the test matrix, see vitest.config.ts):
// - sqlite (default): a copy of the template file made in tests/setup/global-setup.ts;
// - postgres (TEST_DB_BACKEND=postgres, the "postgres" vitest project): CREATE DATABASE ... TEMPLATE the
//   migrated template that tests/setup/global-setup-postgres.ts made on the TEST_POSTGRES_URL cluster.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import path from "node:path";
import pg from "pg";
import type { PrismaClient } from "@prisma/client";
import { createPrismaClient } from "../../app/.server/db/create-prisma-client";

export type TestBackend = "sqlite" | "postgres";

export interface TestDb {
  prisma: PrismaClient;
  backend: TestBackend;
  url: string;
  /** The SQLite file ("" on PostgreSQL). */
  file: string;
  drop(): Promise<void>;
}

export function testBackend(): TestBackend {
  return process.env.TEST_DB_BACKEND === "postgres" ? "postgres" : "sqlite";
}

export async function createTestDb(backend: TestBackend = testBackend()): Promise<TestDb> {
  return backend === "postgres" ? createPostgresTestDb() : createSqliteTestDb();
}

async function createSqliteTestDb(): Promise<TestDb> {
  const template = process.env.TEST_TEMPLATE_DB ?? path.resolve("tmp/test/template.sqlite");
  const file = path.resolve(`tmp/test/db-${randomUUID()}.sqlite`);
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(template, file);
  const url = `file:${file}`;
  const prisma = createPrismaClient(url);
  return {
    prisma,
    backend: "sqlite",
    url,
    file,
    async drop() {
      await prisma.$disconnect();
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    },
  };
}

/** The cluster URL with another database name. */
export function postgresDatabaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withPostgresAdmin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createPostgresTestDb(): Promise<TestDb> {
  const server = process.env.TEST_POSTGRES_URL;
  const template = process.env.TEST_POSTGRES_TEMPLATE;
  if (!server || !template) throw new Error("postgres test backend: TEST_POSTGRES_URL / TEST_POSTGRES_TEMPLATE unset (global-setup-postgres did not run)");
  const name = `t_${randomUUID().replace(/-/g, "")}`;
  await withPostgresAdmin(server, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const url = postgresDatabaseUrl(server, name);
  const prisma = createPrismaClient(url);
  return {
    prisma,
    backend: "postgres",
    url,
    file: "",
    async drop() {
      await prisma.$disconnect();
      await withPostgresAdmin(server, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
