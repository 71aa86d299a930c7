// PostgreSQL ends idle connections on its own terms (a restart, a failover, an administrator's
// pg_terminate_backend, idle timeouts in a proxy). The pool under our Prisma client then emits "error" on
// behalf of the idle client; with no listener Node throws it, and the app or worker process dies. Seen in CI:
// the worker's health port went dark in tests/lifecycle/health-postgres.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testBackend, withPostgresAdmin, type TestDb } from "../../../tests/support/test-db";
import { postgresPool } from "./create-prisma-client";

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
