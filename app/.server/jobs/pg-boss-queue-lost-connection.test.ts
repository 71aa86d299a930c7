// The job queue's transactions hold a pooled connection across statements; when the server ends it
// mid-transaction, the transaction must fail and the process live on (unheard, the client's "error"
// event was an uncaught exception: vitest fails the run on one). See db/pg-transaction.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { terminateWhenSleeping } from "../../../tests/support/postgres-terminate";
import { createTestDb, testBackend, type TestDb } from "../../../tests/support/test-db";
import { PgBossQueue } from "./pg-boss-queue";

describe.skipIf(testBackend() !== "postgres")("PgBossQueue when the server ends a transaction's connection (postgres leg only)", () => {
  let db: TestDb;
  let queue: PgBossQueue;
  beforeAll(async () => {
    db = await createTestDb();
    queue = new PgBossQueue({ connectionString: db.url, max: 2 });
    await queue.start();
  });
  afterAll(async () => {
    await queue?.stop();
    await db?.drop();
  });

  it("fails that transaction; the next one runs", async () => {
    let pid = 0;
    const failed = queue.transaction(async (tx) => {
      pid = Number((await tx.executeSql("SELECT pg_backend_pid() AS pid")).rows[0].pid);
      const killed = terminateWhenSleeping(pid);
      await tx.executeSql("SELECT pg_sleep(30)").finally(() => killed);
    });
    await expect(failed).rejects.toThrow(/terminat/i);
    expect(pid).toBeGreaterThan(0);
    expect(await queue.transaction(async (tx) => (await tx.executeSql("SELECT 1 AS one")).rows)).toEqual([{ one: 1 }]);
  });
});
