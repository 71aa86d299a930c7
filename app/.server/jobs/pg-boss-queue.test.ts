// What only the PostgreSQL backend has to prove beyond the shared contract (job-queue.contract.ts):
// several processes on one database (here: several PgBossQueue instances, each with its own pool),
// and enqueueing inside the caller's transaction (the intake seam). Needs TEST_POSTGRES_URL.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { postgresUrlForTests } from "../../../tests/support/postgres-url";
import { createLogger } from "../logger";
import { PgBossQueue, isPostgresUrl, type SqlExecutor } from "./pg-boss-queue";
import { Worker } from "./worker";

const silent = createLogger({}, "silent");
const url = postgresUrlForTests("PgBossQueue");

describe("isPostgresUrl", () => {
  it("recognises PostgreSQL URLs only", () => {
    expect(isPostgresUrl("postgresql://u:p@h:5432/db")).toBe(true);
    expect(isPostgresUrl("postgres://u:p@h/db")).toBe(true);
    expect(isPostgresUrl("file:./dev.sqlite")).toBe(false);
    expect(isPostgresUrl(undefined)).toBe(false);
  });
});

describe.skipIf(!url)("PgBossQueue on PostgreSQL", () => {
  const schema = `pgboss_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  let admin: pg.Pool;
  /** Separate pools: as many "processes" sharing the database. */
  let processes: PgBossQueue[];
  const queueOf = (i: number) => processes[i];

  beforeAll(async () => {
    admin = new pg.Pool({ connectionString: url, max: 2 });
    processes = Array.from({ length: 3 }, () => new PgBossQueue({ connectionString: url!, schema, max: 4 }));
    // Concurrent first starts: pg-boss installs its schema once under an advisory lock.
    await Promise.all(processes.map((q) => q.start()));
    await admin.query(`CREATE TABLE ${schema}.test_event (id text PRIMARY KEY)`);
  });
  afterAll(async () => {
    await Promise.all(processes.map((q) => q.stop()));
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });
  beforeEach(async () => {
    await admin.query(`TRUNCATE ${schema}.job, ${schema}.test_event`);
  });

  /** Polls pg_locks (a condition, not a duration) until a session is blocked on an advisory lock. */
  async function untilSomeoneWaitsForAnAdvisoryLock() {
    for (let i = 0; i < 1_000; i++) {
      const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
      if (rows[0].n > 0) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error("no session ever waited for the singleton's advisory lock");
  }

  describe("several processes", () => {
    it("create the same queues at once without failing (pg-boss's create_queue deadlocks between them, 40P01)", async () => {
      // What two app processes do at their first webhooks, or workers at their first sends: each ensures
      // the job's queue exists. The storm saw a webhook answered 500 for it.
      const names = Array.from({ length: 6 }, (_, i) => `race_${randomUUID().slice(0, 8)}_${i}`);
      const results = await Promise.allSettled(names.flatMap((name) => processes.map((q) => q.ensureQueue(name))));
      expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason).slice(0, 120))).toEqual([]);
      // And the queues work: a job sent by one process is there for the others.
      for (const name of names) expect(await queueOf(1).send(name, {})).toEqual(expect.any(String));
    });

    it("hands each job to exactly one of several workers draining at once", async () => {
      const seen: string[] = [];
      for (let i = 0; i < 120; i++) await queueOf(0).send("work", { i });
      const workers = processes.map(
        (queue, n) => new Worker({ queue, logger: silent, workerId: `w${n}`, batchSize: 7, handlers: { work: async (job) => void seen.push(job.id) } }),
      );
      const rounds = await Promise.all(workers.map((w) => w.drain()));
      expect(rounds.reduce((sum, r) => sum + r.completed, 0)).toBe(120);
      expect(new Set(seen).size).toBe(120);
      expect(seen).toHaveLength(120);
      expect(await queueOf(1).countsByState({ name: "work" })).toMatchObject({ completed: 120, created: 0, active: 0 });
    });

    it("runs one writer per shop, and other shops' writers in parallel on other workers", async () => {
      const events: string[] = [];
      await queueOf(0).send("writer", { shop: "s1" }, { singletonKey: "s1", shopId: "s1" });
      await queueOf(0).send("writer", { shop: "s2" }, { singletonKey: "s2", shopId: "s2" });
      const second = new Worker({
        queue: queueOf(1),
        logger: silent,
        workerId: "second",
        batchSize: 10,
        handlers: { writer: async (job: { data: { shop: string } }) => void events.push(`second ran ${job.data.shop}`) },
      });
      const first = new Worker({
        queue: queueOf(0),
        logger: silent,
        workerId: "first",
        batchSize: 1,
        handlers: {
          writer: async (job: { data: { shop: string } }) => {
            events.push(`first started ${job.data.shop}`);
            if (events.length > 1) return;
            // While s1's writer runs here, a burst queues a twin for s1 (it waits) ...
            expect(await queueOf(2).send("writer", { shop: "s1" }, { singletonKey: "s1", shopId: "s1" })).toBeTruthy();
            expect(await queueOf(2).send("writer", { shop: "s1" }, { singletonKey: "s1", shopId: "s1" })).toBeNull();
            // ... and another worker process takes s2's writer, never s1's twin.
            expect(await second.runOnce()).toMatchObject({ claimed: 1, completed: 1 });
            events.push(`first finished ${job.data.shop}`);
          },
        },
      });
      expect(await first.runOnce()).toMatchObject({ claimed: 1, completed: 1 });
      expect(events[0]).toBe("first started s1"); // s1 was sent first
      expect(events).toEqual(["first started s1", "second ran s2", "first finished s1"]);
      // Only now is s1's twin handed out.
      expect(await second.drain()).toMatchObject({ claimed: 1, completed: 1 });
      expect(events.at(-1)).toBe("second ran s1");
    });

    it("lets another process take over a job whose worker died, and fences the dead one off", async () => {
      let clock = new Date("2026-01-01T00:00:00Z");
      const a = new PgBossQueue({ connectionString: url!, schema, now: () => clock, max: 1 });
      const b = new PgBossQueue({ connectionString: url!, schema, now: () => clock, max: 1 });
      try {
        const id = (await a.send("work", {}))!;
        await a.fetch(["work"], { workerId: "dead", limit: 1, lockMs: 1_000 });
        clock = new Date(clock.getTime() + 1_001);
        const [job] = await b.fetch(["work"], { workerId: "alive", limit: 1, lockMs: 1_000 });
        expect(job).toMatchObject({ id, retryCount: 1, lockedBy: "alive" });
        expect(await a.complete(id, "dead")).toBe(false);
        expect(await a.fail(id, "dead", new Error("late"))).toBe("lost");
        expect(await b.complete(id, "alive")).toBe(true);
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    });
  });

  describe("pg-boss's own view of our jobs", () => {
    it("stores jobs pg-boss reads back: queue size, state, retry limit, singleton key", async () => {
      const queue = queueOf(0);
      const id = (await queue.send("mapped", { n: 1 }, { singletonKey: "k", retryLimit: 3, priority: 2, shopId: "s1" }))!;
      await queue.send("mapped", { n: 2 });
      expect(await queue.boss.getQueueSize("mapped")).toBe(2);
      const raw = await queue.boss.getJobById("mapped", id);
      expect(raw).toMatchObject({ state: "created", retryLimit: 3, priority: 2, singletonKey: "k", data: { payload: { n: 1 }, shopId: "s1" } });
      await queue.fetch(["mapped"], { workerId: "w", limit: 1, lockMs: 30_000 });
      expect(await queue.boss.getQueueSize("mapped")).toBe(1); // pg-boss counts waiting jobs (before "active")
      const active = await queue.boss.getJobById("mapped", id);
      expect(active?.state).toBe("active");
      expect(Number(active?.expireInSeconds)).toBe(30); // our lock is pg-boss's expiry (numeric: a string)
    });
  });

  describe("enqueue inside the caller's transaction (intake)", () => {
    let client: pg.PoolClient;
    let tx: SqlExecutor;
    beforeEach(async () => {
      client = await admin.connect();
      tx = { executeSql: (text, values) => client.query(text, values as unknown[]) };
    });
    afterEach(() => client.release());

    it("commits the event and its job together, or neither", async () => {
      const queue = queueOf(0);
      await queue.ensureQueue("event"); // DDL, before the transaction

      await client.query("BEGIN");
      await client.query(`INSERT INTO ${schema}.test_event (id) VALUES ('e1')`);
      const rolledBack = await queue.sendWithin(tx, "event", { eventId: "e1" });
      expect(rolledBack).toBeTruthy();
      await client.query("ROLLBACK");
      expect(await queue.getJob(rolledBack!)).toBeNull();

      await client.query("BEGIN");
      await client.query(`INSERT INTO ${schema}.test_event (id) VALUES ('e1')`);
      const id = await queue.sendWithin(tx, "event", { eventId: "e1" }, { shopId: "s1" });
      expect(await queueOf(1).getJob(id!)).toBeNull(); // not visible before the commit
      await client.query("COMMIT");
      expect(await queueOf(1).getJob(id!)).toMatchObject({ state: "created", data: { eventId: "e1" }, shopId: "s1" });
    });

    it("enqueues one job per event really inserted (duplicates are not enqueued again)", async () => {
      const queue = queueOf(0);
      await queue.ensureQueue("event");
      await admin.query(`INSERT INTO ${schema}.test_event (id) VALUES ('dup')`);
      await client.query("BEGIN");
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO ${schema}.test_event (id) VALUES ('dup'), ('n1'), ('n2') ON CONFLICT DO NOTHING RETURNING id`,
      );
      const ids = await queue.sendManyWithin(
        tx,
        "event",
        rows.map((r) => ({ eventId: r.id })),
      );
      await client.query("COMMIT");
      expect(ids).toHaveLength(2);
      const jobs = await Promise.all(ids.map((id) => queue.getJob<{ eventId: string }>(id)));
      expect(jobs.map((j) => j?.data.eventId).sort()).toEqual(["n1", "n2"]);
      expect(jobs.every((j) => j?.state === "created" && j.retryLimit === 5)).toBe(true);
    });

    it("holds a singleton's slot until the caller commits, so a concurrent sender sees it", async () => {
      const queue = queueOf(0);
      await queue.ensureQueue("writer");
      await client.query("BEGIN");
      expect(await queue.sendWithin(tx, "writer", {}, { singletonKey: "s1" })).toBeTruthy();
      // Another process sends the same singleton while the transaction is open: it waits for the
      // transaction's lock, then sees the committed job and sends nothing.
      const concurrent = queueOf(1).send("writer", {}, { singletonKey: "s1" });
      await untilSomeoneWaitsForAnAdvisoryLock();
      await client.query("COMMIT");
      expect(await concurrent).toBeNull();
      expect((await queue.countsByState({ name: "writer" })).created).toBe(1);
    });
  });
});
