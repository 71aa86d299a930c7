// SQLite with two workers (the docs advise one): a write that waits out busy_timeout behind another
// process's write lock fails with SQLITE_BUSY, "database is locked". In a kill-worker storm such
// timeouts used up the attempts of 7 event jobs, which were dead-lettered and their events marked
// FAILED. A lock says nothing about the job: the worker defers it (no attempt counted) with backoff.
// The lock here is real: a second connection to the file holds BEGIN IMMEDIATE, as another process does.
import Database from "better-sqlite3";
import { afterEach, expect, it } from "vitest";
import { Worker } from "../../app/.server/jobs/worker";
import { PrismaJobQueue } from "../../app/.server/jobs/prisma-job-queue";
import { WHIPLASH_EVENT_JOB } from "../../app/.server/jobs/registry";
import { repositoryItemStore, type ItemStore } from "../../app/.server/warehouse/apply-item-store";
import { createTestDb, type TestDb } from "../support/test-db";
import { createWorld, intakeWorker, silent, storedQuantity, type World } from "../intake/world";

let db: TestDb | undefined;
let world: World | undefined;
afterEach(async () => {
  await db?.drop();
  await world?.close();
  db = world = undefined;
});

/** Runs `write` while another connection holds the file's write lock (released afterwards). */
async function whileLocked<T>(file: string, write: () => Promise<T>): Promise<T> {
  const other = new Database(file);
  other.exec("BEGIN IMMEDIATE");
  try {
    return await write();
  } finally {
    other.exec("ROLLBACK");
    other.close();
  }
}

it("a job whose write meets another process's lock is deferred, not failed, however often it happens", async () => {
  db = await createTestDb("sqlite");
  let clock = new Date();
  const queue = new PrismaJobQueue(db.prisma, { backoff: { baseMs: 1, jitter: 0 }, now: () => clock });
  let locked = 2;
  let created = 0;
  const worker = new Worker({
    queue,
    logger: silent,
    handlers: {
      touch: async () => {
        const write = () => db!.prisma.customer.create({ data: { whiplashCustomerId: 9000 + created, name: "lock test" } });
        if (locked-- > 0) await whileLocked(db!.file, write);
        else await write();
        created++;
      },
    },
  });
  // One retry allowed: two lock timeouts in a row used to dead-letter it.
  const id = (await queue.send("touch", {}, { retryLimit: 1 }))!;
  for (let round = 0; round < 2; round++) {
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, completed: 0, failed: 0, retried: 1 });
    const job = await queue.getJob(id);
    expect(job).toMatchObject({ state: "retry", retryCount: 0 });
    expect(job!.lastError).toMatch(/SocketTimeout|locked|BUSY/i);
    // Backed off: not handed out again at once.
    expect(job!.startAfter.getTime()).toBeGreaterThan(clock.getTime());
    clock = new Date(job!.startAfter.getTime() + 1);
  }
  expect(await worker.runOnce()).toMatchObject({ claimed: 1, completed: 1 });
  expect(created).toBe(1);
  expect(await queue.getJob(id)).toMatchObject({ state: "completed", retryCount: 0 });
}, 60_000);

it("an event job on its last attempt that meets a lock stays PENDING and is applied once the lock is gone", async () => {
  let clock = new Date();
  world = await createWorld({ shopify: false, queueNow: () => clock });
  const { whiplash, db: wdb } = world;
  const item = [...whiplash.state.items.values()].find((i) => (i.stock.get(1) ?? 0) >= 5)!;
  whiplash.shipOrder(item.id, 2, 1);
  await whiplash.flush();
  // Earlier attempts already failed: this is the job's last one.
  await wdb.prisma.job.updateMany({ where: { name: WHIPLASH_EVENT_JOB }, data: { retryCount: 5, retryLimit: 5 } });

  const real = repositoryItemStore(wdb.prisma);
  let locked = true;
  const store: ItemStore = {
    ...real,
    save: (customerId, record, next) => (locked ? whileLocked(wdb.file, () => real.save(customerId, record, next)) : real.save(customerId, record, next)),
  };
  const worker = intakeWorker(world, world.queue, store);
  expect(await worker.runOnce()).toMatchObject({ claimed: 1, failed: 0, retried: 1 });
  const event = await wdb.prisma.inboundEvent.findFirstOrThrow();
  expect(event.outcome).toBe("PENDING");
  const [job] = await wdb.prisma.job.findMany({ where: { name: WHIPLASH_EVENT_JOB } });
  expect({ state: job.state, retryCount: job.retryCount }).toEqual({ state: "retry", retryCount: 5 });

  locked = false;
  clock = new Date(job.startAfter.getTime() + 1);
  expect(await worker.drain()).toMatchObject({ completed: 1, failed: 0 });
  expect((await wdb.prisma.inboundEvent.findFirstOrThrow()).outcome).toBe("APPLIED");
  expect(await storedQuantity(world, item.id)).toEqual(Object.fromEntries([...item.stock].filter(([, q]) => q !== 0)));
}, 90_000);
