import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/support/test-db";
import { PrismaJobQueue } from "./prisma-job-queue";
import { PermanentJobError, RetriableJobError } from "./errors";
import { Worker } from "./worker";
import { createLogger } from "../logger";

const silent = createLogger({}, "silent");

describe("PrismaJobQueue", () => {
  let db: TestDb;
  let clock: Date;
  let queue: PrismaJobQueue;
  const tick = (ms: number) => (clock = new Date(clock.getTime() + ms));

  beforeEach(async () => {
    db = await createTestDb();
    clock = new Date("2026-01-01T00:00:00Z");
    queue = new PrismaJobQueue(db.prisma, { now: () => clock, backoff: { baseMs: 1_000, jitter: 0 } });
  });
  afterEach(() => db.drop());

  it("sends, claims once, completes with output", async () => {
    const id = await queue.send("a", { n: 1 }, { shopId: "s1" });
    expect(id).toBeTruthy();
    const [job] = await queue.fetch<{ n: number }>(["a"], { workerId: "w1", limit: 10, lockMs: 1_000 });
    expect(job.data).toEqual({ n: 1 });
    expect(job.state).toBe("active");
    expect(await queue.fetch(["a"], { workerId: "w2", limit: 10, lockMs: 1_000 })).toEqual([]);
    expect(await queue.complete(job.id, "w2")).toBe(false); // not the owner
    expect(await queue.complete(job.id, "w1", { ok: true })).toBe(true);
    const stored = await queue.getJob(job.id);
    expect(stored?.state).toBe("completed");
    expect(stored?.output).toEqual({ ok: true });
  });

  it("respects startAfter and priority", async () => {
    await queue.send("a", "later", { startAfter: new Date(clock.getTime() + 5_000) });
    await queue.send("a", "low");
    await queue.send("a", "high", { priority: 10 });
    const jobs = await queue.fetch(["a"], { workerId: "w", limit: 10, lockMs: 60_000 });
    expect(jobs.map((j) => j.data)).toEqual(["high", "low"]);
    tick(5_000);
    expect((await queue.fetch(["a"], { workerId: "w", limit: 10, lockMs: 60_000 })).map((j) => j.data)).toEqual(["later"]);
  });

  it("keeps one waiting singleton per key and never runs two at once", async () => {
    const first = await queue.send("writer", {}, { singletonKey: "shop-1" });
    expect(await queue.send("writer", {}, { singletonKey: "shop-1" })).toBeNull();
    expect(await queue.send("writer", {}, { singletonKey: "shop-2" })).toBeTruthy();
    const claimed = await queue.fetch(["writer"], { workerId: "w", limit: 10, lockMs: 1_000 });
    expect(claimed.map((j) => j.singletonKey).sort()).toEqual(["shop-1", "shop-2"]);
    // While shop-1's writer runs, a new one may wait, but is not handed out.
    const second = await queue.send("writer", {}, { singletonKey: "shop-1" });
    expect(second).toBeTruthy();
    expect(await queue.fetch(["writer"], { workerId: "w2", limit: 10, lockMs: 1_000 })).toEqual([]);
    await queue.complete(first!, "w");
    expect((await queue.fetch(["writer"], { workerId: "w2", limit: 10, lockMs: 1_000 })).map((j) => j.id)).toEqual([second]);
  });

  it("retries with exponential backoff, then dead-letters keeping the error", async () => {
    const id = (await queue.send("a", {}, { retryLimit: 2 }))!;
    const delays: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const [job] = await queue.fetch(["a"], { workerId: "w", limit: 1, lockMs: 1_000 });
      expect(job.id).toBe(id);
      const state = await queue.fail(id, "w", new Error(`boom ${attempt}`));
      const stored = (await queue.getJob(id))!;
      if (attempt < 2) {
        expect(state).toBe("retry");
        delays.push(stored.startAfter.getTime() - clock.getTime());
        expect(await queue.fetch(["a"], { workerId: "w", limit: 1, lockMs: 1_000 })).toEqual([]);
        tick(delays.at(-1)!);
      } else {
        expect(state).toBe("failed");
        expect(stored.lastError).toBe("Error: boom 2");
        expect(stored.retryCount).toBe(2);
      }
    }
    expect(delays).toEqual([1_000, 2_000]);
    expect((await queue.countsByState()).failed).toBe(1);
  });

  it("dead-letters a permanent error at once", async () => {
    const id = (await queue.send("a", {}))!;
    await queue.fetch(["a"], { workerId: "w", limit: 1, lockMs: 1_000 });
    expect(await queue.fail(id, "w", new Error("bad"), { permanent: true })).toBe("failed");
  });

  it("hands out a job again when its worker died (lock expired), counting the attempt", async () => {
    const id = (await queue.send("a", {}, { retryLimit: 1 }))!;
    await queue.fetch(["a"], { workerId: "dead", limit: 1, lockMs: 1_000 });
    tick(999);
    expect(await queue.fetch(["a"], { workerId: "w", limit: 1, lockMs: 1_000 })).toEqual([]);
    tick(2);
    const [again] = await queue.fetch(["a"], { workerId: "w", limit: 1, lockMs: 1_000 });
    expect(again.id).toBe(id);
    expect(again.retryCount).toBe(1);
    expect(await queue.complete(id, "dead")).toBe(false); // the dead worker cannot finish it any more
    tick(1_001);
    expect(await queue.fetch(["a"], { workerId: "w", limit: 1, lockMs: 1_000 })).toEqual([]);
    expect((await queue.getJob(id))?.state).toBe("failed");
  });

  it("merges a queued singleton twin into the retry so the backoff holds", async () => {
    const id = (await queue.send("writer", {}, { singletonKey: "s" }))!;
    await queue.fetch(["writer"], { workerId: "w", limit: 1, lockMs: 1_000 });
    const twin = (await queue.send("writer", {}, { singletonKey: "s" }))!;
    expect(await queue.fail(id, "w", new Error("shopify down"))).toBe("retry");
    expect((await queue.getJob(twin))?.state).toBe("cancelled");
    expect(await queue.fetch(["writer"], { workerId: "w", limit: 1, lockMs: 1_000 })).toEqual([]);
  });

  it("cancels a shop's waiting jobs and counts by state", async () => {
    await queue.send("a", {}, { shopId: "s1" });
    await queue.send("a", {}, { shopId: "s1" });
    await queue.send("a", {}, { shopId: "s2" });
    expect(await queue.cancelByShop("s1")).toBe(2);
    expect(await queue.countsByState({ shopId: "s1" })).toMatchObject({ cancelled: 2, created: 0 });
    expect(await queue.countsByState()).toMatchObject({ cancelled: 2, created: 1 });
  });

  it("purges finished jobs but keeps dead letters", async () => {
    const a = (await queue.send("a", {}))!;
    const b = (await queue.send("a", {}, { retryLimit: 0 }))!;
    await queue.fetch(["a"], { workerId: "w", limit: 2, lockMs: 1_000 });
    await queue.complete(a, "w");
    await queue.fail(b, "w", new Error("x"));
    tick(1);
    expect(await queue.purgeFinished(clock)).toBe(1);
    expect(await queue.getJob(b)).not.toBeNull();
  });
});

describe("Worker", () => {
  let db: TestDb;
  let clock: Date;
  let queue: PrismaJobQueue;
  beforeEach(async () => {
    db = await createTestDb();
    clock = new Date("2026-01-01T00:00:00Z");
    queue = new PrismaJobQueue(db.prisma, { now: () => clock, backoff: { baseMs: 1_000, jitter: 0 } });
  });
  afterEach(() => db.drop());

  it("runs handlers, retries retriable errors and dead-letters permanent ones", async () => {
    const seen: string[] = [];
    let flaky = 0;
    const worker = new Worker({
      queue,
      logger: silent,
      handlers: {
        ok: async (job) => void seen.push(String(job.data)),
        flaky: async () => {
          if (flaky++ === 0) throw new RetriableJobError("try later", 500);
          seen.push("flaky");
        },
        bad: async () => {
          throw new PermanentJobError("never");
        },
      },
    });
    await queue.send("ok", "one");
    const flakyId = (await queue.send("flaky", null))!;
    const badId = (await queue.send("bad", null))!;
    expect(await worker.drain()).toMatchObject({ completed: 1, retried: 1, failed: 1 });
    expect((await queue.getJob(flakyId))!.startAfter.getTime()).toBe(clock.getTime() + 500);
    clock = new Date(clock.getTime() + 500);
    await worker.drain();
    expect(seen).toEqual(["one", "flaky"]);
    expect((await queue.getJob(badId))?.lastError).toBe("PermanentJobError: never");
  });

  it("stops its loop on abort after finishing the batch in hand", async () => {
    const controller = new AbortController();
    let runs = 0;
    const worker = new Worker({
      queue,
      logger: silent,
      sleep: async () => undefined,
      handlers: {
        a: async () => {
          runs++;
          controller.abort();
        },
      },
    });
    await queue.send("a", 1);
    await queue.send("a", 2);
    await worker.run(controller.signal);
    expect(runs).toBe(2);
    expect((await queue.countsByState()).completed).toBe(2);
  });
});
