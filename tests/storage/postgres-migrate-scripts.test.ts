// The migrate CLI's PostgreSQL adapter (scripts/pg-migrate-pool.mjs, used by prisma.config.ts): migration
// files are applied whole, so a ";" inside a comment, a string or a function body is PostgreSQL's to
// parse (adapter-pg 6.19 alone split the file on every ";" and applied the pieces one by one), and a
// failing file applies nothing. Needs a server: the postgres leg of the matrix only.
import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MigratePg, MigratePool } from "../../scripts/pg-migrate-pool.mjs";
import { postgresDatabaseUrl, testBackend, withPostgresAdmin } from "../support/test-db";

describe.skipIf(testBackend() !== "postgres")("postgres migrations through the CLI's adapter", () => {
  const server = process.env.TEST_POSTGRES_URL!;
  const database = `m_${randomUUID().replace(/-/g, "")}`;
  let pool: MigratePool;
  let adapter: Awaited<ReturnType<MigratePg["connect"]>>;

  beforeAll(async () => {
    await withPostgresAdmin(server, (c) => c.query(`CREATE DATABASE "${database}"`));
    pool = new MigratePool({ connectionString: postgresDatabaseUrl(server, database), max: 2 });
    adapter = await new MigratePg(pool as unknown as Pool).connect();
  });

  afterAll(async () => {
    // The adapter leaves a pool it was given open (as the CLI's process exit closes it).
    await adapter?.dispose();
    await pool?.end();
    await withPostgresAdmin(server, (c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  });

  const rows = async (sql: string) => (await adapter.queryRaw({ sql, args: [], argTypes: [] })).rows;

  it("applies a file with semicolons in a comment, a string and a function body", async () => {
    await adapter.executeScript(`-- Data (hand-added): one note; then a row
CREATE TABLE "Probe" ("id" TEXT NOT NULL PRIMARY KEY, "note" TEXT NOT NULL DEFAULT 'a;b');
DO $$ BEGIN INSERT INTO "Probe" ("id") VALUES ('x'); INSERT INTO "Probe" ("id", "note") VALUES ('y', 'c'); END $$;
`);
    expect(await rows(`SELECT "id", "note" FROM "Probe" ORDER BY "id"`)).toEqual([
      ["x", "a;b"],
      ["y", "c"],
    ]);
  });

  it("applies nothing of a file whose later statement fails, and reports the error", async () => {
    await expect(
      adapter.executeScript(`CREATE TABLE "Half" ("id" TEXT PRIMARY KEY);
INSERT INTO "NoSuchTable" VALUES (1);`),
    ).rejects.toThrow();
    expect(await rows(`SELECT to_regclass('"Half"') IS NULL`)).toEqual([[true]]);
  });

  it("reads catalog columns of type name as text (the engine's introspection)", async () => {
    expect(await rows(`SELECT current_database()::name`)).toEqual([[database]]);
  });
});
