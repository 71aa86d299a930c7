// PostgreSQL ends idle connections on its own terms (a restart, a failover, an administrator's
// pg_terminate_backend, idle timeouts in a proxy). The pool under our Prisma client then emits "error" on
// behalf of the idle client; with no listener Node throws it, and the app or worker process dies. Seen in CI:
// the worker's health port went dark in tests/lifecycle/health-postgres.test.ts.
import { Prisma } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { terminateWhenSleeping } from "../../../tests/support/postgres-terminate";
import { createTestDb, testBackend, withPostgresAdmin, type TestDb } from "../../../tests/support/test-db";
import { postgresPool } from "./create-prisma-client";
import { sqlRunner } from "./sql-runner";

describe.skipIf(testBackend() !== "postgres")("the PostgreSQL pool when the server ends its idle connections (postgres leg only)", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db?.drop());

  it("keeps the process alive and serves the next query on a new connection", async () => {
    const pool = postgresPool(db.prisma)!;
    expect(pool).not.toBeNull();
    // Two idle connections in the pool.
    await Promise.all([pool.query("SELECT pg_sleep(0.05)"), pool.query("SELECT pg_sleep(0.05)")]);
    expect(pool.idleCount).toBeGreaterThan(0);
    const database = new URL(db.url).pathname.slice(1);
    await withPostgresAdmin(process.env.TEST_POSTGRES_URL!, (c) =>
      c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]),
    );
    // The pool hears of it; without a listener this was an uncaught exception.
    await expect.poll(() => pool.idleCount, { timeout: 5_000 }).toBe(0);
    expect(await db.prisma.shop.count()).toBe(0);
    expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });
});

// A connection checked out for a transaction has no pool listener: when the server ends it mid-transaction
// the client emits "error" besides failing the query, and unheard that killed the process (seen in CI: the
// worker of tests/lifecycle/health-postgres.test.ts died with "Connection terminated unexpectedly"). Here
// vitest reports such an uncaught error and fails the run.
describe.skipIf(testBackend() !== "postgres")("a transaction whose connection the server ends (postgres leg only)", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db?.drop());

  it("the writer store's transaction fails with the lost connection; the next one runs", async () => {
    const pool = postgresPool(db.prisma)!;
    const runner = sqlRunner(db.prisma);
    // The pool's only idle connection will be the one the transaction takes.
    const { rows } = await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const killed = terminateWhenSleeping(rows[0].pid);
    await expect(runner.transaction([Prisma.sql`SELECT pg_sleep(30)`])).rejects.toThrow(/terminat/i);
    await killed;
    await runner.transaction([Prisma.sql`SELECT 1`]);
    expect(await db.prisma.shop.count()).toBe(0);
  });

});
