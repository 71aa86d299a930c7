// The JobQueue contract: what every backend must do, run by job-queue.contract.test.ts against
// PrismaJobQueue (SQLite) and PgBossQueue (PostgreSQL). Each backend runs on an injectable clock, so
// time moves by `tick`, never by sleeping.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../logger";
import { PermanentJobError, RetriableJobError } from "./errors";
import type { JobQueue } from "./types";
import { Worker } from "./worker";

const silent = createLogger({}, "silent");

/** One queue on an empty store, reading time from `now` (backoff: 1 s base, no jitter). */
export interface ContractBackend {
  /** Once per suite (e.g. start a server connection, install a schema). */
  setup?(): Promise<void>;
  /** A queue on an empty store for one test. */
  create(now: () => Date): Promise<{ queue: JobQueue; drop(): Promise<void> }>;
  teardown?(): Promise<void>;
}

export function jobQueueContract(backend: ContractBackend) {
  let clock: Date;
  let queue: JobQueue;
  let drop: () => Promise<void>;
  const tick = (ms: number) => (clock = new Date(clock.getTime() + ms));

  beforeAll(async () => backend.setup?.());
  afterAll(async () => backend.teardown?.());
  beforeEach(async () => {
    clock = new Date("2026-01-01T00:00:00Z");
    ({ queue, drop } = await backend.create(() => clock));
  });
  afterEach(async () => drop());

  describe("queue", () => {
    it("sends, claims once, completes with output", async () => {
      const id = await queue.send("a", { n: 1 }, { shopId: "s1" });
      expect(id).toBeTruthy();
      const [job] = await queue.fetch<{ n: number }>(["a"], { workerId: "w1", limit: 10, lockMs: 1_000 });
      expect(job.data).toEqual({ n: 1 });
      expect(job.state).toBe("active");
      expect(job.shopId).toBe("s1");
      expect(job.lockedBy).toBe("w1");
      expect(job.lockedUntil?.getTime()).toBe(clock.getTime() + 1_000);
      expect(await queue.fetch(["a"], { workerId: "w2", limit: 10, lockMs: 1_000 })).toEqual([]);
      expect(await queue.complete(job.id, "w2")).toBe(false); // not the owner
      expect(await queue.complete(job.id, "w1", { ok: true })).toBe(true);
      const stored = await queue.getJob(job.id);
      expect(stored?.state).toBe("completed");
      expect(stored?.output).toEqual({ ok: true });
      expect(stored?.lockedBy).toBeNull();
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

    it("claims only the names asked for, at most `limit`", async () => {
      await queue.send("a", 1);
      await queue.send("a", 2);
      await queue.send("b", 3);
      expect((await queue.fetch(["a"], { workerId: "w", limit: 1, lockMs: 1_000 })).map((j) => j.data)).toEqual([1]);
      expect((await queue.fetch(["a", "b"], { workerId: "w", limit: 10, lockMs: 1_000 })).map((j) => j.data).sort()).toEqual([2, 3]);
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

    it("keeps one waiting singleton when many senders race", async () => {
      // 20 rounds, one key each: a race that loses one time in a few (as PrismaJobQueue's did on
      // PostgreSQL under READ COMMITTED) shows up here.
      for (let round = 0; round < 20; round++) {
        const ids = await Promise.all(Array.from({ length: 8 }, () => queue.send("writer", {}, { singletonKey: `shop-${round}` })));
        expect(ids.filter((id) => id !== null), `round ${round}`).toHaveLength(1);
      }
      expect((await queue.countsByState({ name: "writer" })).created).toBe(20);
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
          expect(stored.state).toBe("retry");
          expect(stored.lastError).toBe(`Error: boom ${attempt}`);
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

    it("uses the error's retry-after instead of the backoff", async () => {
      const id = (await queue.send("a", {}))!;
      await queue.fetch(["a"], { workerId: "w", limit: 1, lockMs: 1_000 });
      expect(await queue.fail(id, "w", new Error("429"), { retryAfterMs: 7_000 })).toBe("retry");
      expect((await queue.getJob(id))!.startAfter.getTime()).toBe(clock.getTime() + 7_000);
    });

    it("defers a job that cannot start yet without counting an attempt, however often", async () => {
      const id = (await queue.send("a", {}, { retryLimit: 1 }))!;
      for (let i = 0; i < 4; i++) {
        const [job] = await queue.fetch(["a"], { workerId: "w", limit: 1, lockMs: 1_000 });
        expect(job.id).toBe(id);
        expect(await queue.fail(id, "w", new Error("busy"), { retryAfterMs: 3_000, defer: true })).toBe("retry");
        expect(await queue.getJob(id)).toMatchObject({ state: "retry", retryCount: 0 });
        expect((await queue.getJob(id))!.startAfter.getTime()).toBe(clock.getTime() + 3_000);
        tick(3_000);
      }
    });

    it("dead-letters a permanent error at once", async () => {
      const id = (await queue.send("a", {}))!;
      await queue.fetch(["a"], { workerId: "w", limit: 1, lockMs: 1_000 });
      expect(await queue.fail(id, "w2", new Error("not mine"))).toBe("lost");
      expect(await queue.fail(id, "w", new Error("bad"), { permanent: true })).toBe("failed");
      expect(await queue.getJob(id)).toMatchObject({ state: "failed", retryCount: 0, lastError: "Error: bad" });
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
      expect(again.lastError).toContain("lock expired");
      expect(await queue.complete(id, "dead")).toBe(false); // the dead worker cannot finish it any more
      tick(1_001);
      expect(await queue.fetch(["a"], { workerId: "w", limit: 1, lockMs: 1_000 })).toEqual([]);
      expect((await queue.getJob(id))?.state).toBe("failed");
    });

    it("keeps a lock alive while its owner extends it", async () => {
      const id = (await queue.send("a", {}))!;
      await queue.fetch(["a"], { workerId: "w", limit: 1, lockMs: 1_000 });
      tick(900);
      expect(await queue.extendLock(id, "other", 1_000)).toBe(false);
      expect(await queue.extendLock(id, "w", 1_000)).toBe(true);
      expect((await queue.getJob(id))?.lockedUntil?.getTime()).toBe(clock.getTime() + 1_000);
      tick(900);
      expect(await queue.fetch(["a"], { workerId: "w2", limit: 1, lockMs: 1_000 })).toEqual([]);
      expect(await queue.completeMany([id], "w")).toBe(1);
      expect(await queue.extendLock(id, "w", 1_000)).toBe(false);
    });

    it("completes several jobs at once, only those still ours", async () => {
      const a = (await queue.send("a", 1))!;
      const b = (await queue.send("a", 2))!;
      await queue.fetch(["a"], { workerId: "w", limit: 2, lockMs: 1_000 });
      expect(await queue.completeMany([a], "other")).toBe(0);
      expect(await queue.completeMany([a, b], "w")).toBe(2);
      expect(await queue.countsByState({ name: "a" })).toMatchObject({ completed: 2, active: 0 });
    });

    it("merges a queued singleton twin into the retry so the backoff holds", async () => {
      const id = (await queue.send("writer", {}, { singletonKey: "s" }))!;
      await queue.fetch(["writer"], { workerId: "w", limit: 1, lockMs: 1_000 });
      const twin = (await queue.send("writer", {}, { singletonKey: "s" }))!;
      expect(await queue.fail(id, "w", new Error("shopify down"))).toBe("retry");
      expect((await queue.getJob(twin))?.state).toBe("cancelled");
      expect(await queue.fetch(["writer"], { workerId: "w", limit: 1, lockMs: 1_000 })).toEqual([]);
    });

    it("merges a reclaimed singleton with the twin queued while it ran, and never runs both", async () => {
      const first = (await queue.send("writer", {}, { singletonKey: "s", retryLimit: 3 }))!;
      await queue.fetch(["writer"], { workerId: "dead", limit: 1, lockMs: 1_000 });
      const twin = (await queue.send("writer", {}, { singletonKey: "s" }))!; // allowed: the first one runs
      tick(1_001); // the first worker died; its lock expires
      const claims = await Promise.all(["w1", "w2"].map((workerId) => queue.fetch(["writer"], { workerId, limit: 10, lockMs: 1_000 })));
      expect(claims.flat().map((j) => j.id)).toEqual([first]);
      // One job per key: the twin's work is covered by the reclaimed job, whose attempt was counted.
      expect(await queue.getJob(first)).toMatchObject({ state: "active", retryCount: 1 });
      expect(await queue.getJob(twin)).toMatchObject({ state: "cancelled", lastError: `merged into retry of ${first}` });
      expect(await queue.countsByState({ name: "writer" })).toMatchObject({ created: 0, retry: 0, active: 1 });
    });

    it("keeps the twin of a singleton dead-lettered on lock expiry", async () => {
      const first = (await queue.send("writer", {}, { singletonKey: "s", retryLimit: 0 }))!;
      await queue.fetch(["writer"], { workerId: "dead", limit: 1, lockMs: 1_000 });
      const twin = (await queue.send("writer", {}, { singletonKey: "s" }))!;
      tick(1_001);
      const claimed = await queue.fetch(["writer"], { workerId: "w", limit: 10, lockMs: 1_000 });
      expect(claimed.map((j) => j.id)).toEqual([twin]);
      expect((await queue.getJob(first))?.state).toBe("failed");
    });

    it("cancels a shop's waiting jobs and counts by state", async () => {
      await queue.send("a", {}, { shopId: "s1" });
      await queue.send("a", {}, { shopId: "s1" });
      await queue.send("a", {}, { shopId: "s2" });
      expect(await queue.cancelByShop("s1")).toBe(2);
      expect(await queue.countsByState({ shopId: "s1" })).toMatchObject({ cancelled: 2, created: 0 });
      expect(await queue.countsByState()).toMatchObject({ cancelled: 2, created: 1 });
    });

    it("leaves a shop's running job to finish when cancelling", async () => {
      const running = (await queue.send("a", {}, { shopId: "s1" }))!;
      await queue.fetch(["a"], { workerId: "w", limit: 1, lockMs: 1_000 });
      await queue.send("a", {}, { shopId: "s1" });
      expect(await queue.cancelByShop("s1")).toBe(1);
      expect(await queue.complete(running, "w")).toBe(true);
    });

    it("lists a shop's dead letters newest first and retries one once, attempts reset", async () => {
      const old = (await queue.send("a", { n: 0 }, { shopId: "s1", retryLimit: 0 }))!;
      await queue.fetch(["a"], { workerId: "w", limit: 1, lockMs: 1_000 });
      await queue.fail(old, "w", new Error("old"));
      tick(10_000);
      const since = clock;
      const first = (await queue.send("a", { n: 1 }, { shopId: "s1", retryLimit: 0 }))!;
      const other = (await queue.send("a", { n: 2 }, { shopId: "s2", retryLimit: 0 }))!;
      await queue.fetch(["a"], { workerId: "w", limit: 2, lockMs: 1_000 });
      await queue.fail(first, "w", new Error("import broke"));
      await queue.fail(other, "w", new Error("x"));
      tick(1_000);
      const second = (await queue.send("b", { n: 3 }, { shopId: "s1", retryLimit: 0 }))!;
      await queue.fetch(["b"], { workerId: "w", limit: 1, lockMs: 1_000 });
      await queue.fail(second, "w", new Error("y"), { permanent: true });

      const failed = await queue.listFailed({ shopId: "s1", since, limit: 10 });
      expect(failed.map((j) => j.id)).toEqual([second, first]); // newest first; older and other shops left out
      expect(failed[1]).toMatchObject({ name: "a", state: "failed", lastError: "Error: import broke", data: { n: 1 } });
      expect(await queue.listFailed({ shopId: "s1", since, limit: 1 })).toHaveLength(1);

      expect(await queue.retryFailed(other, "s1")).toBe(false); // another shop's job
      expect(await queue.retryFailed(first, "s1")).toBe(true);
      expect(await queue.retryFailed(first, "s1")).toBe(false); // a second click changes nothing
      expect(await queue.getJob(first)).toMatchObject({ state: "created", retryCount: 0 });
      const [again] = await queue.fetch(["a"], { workerId: "w", limit: 5, lockMs: 1_000 });
      expect(again.id).toBe(first);
      expect((await queue.listFailed({ shopId: "s1", since, limit: 10 })).map((j) => j.id)).toEqual([second]);
    });

    it("retrying a dead-lettered singleton leaves one waiting job per key", async () => {
      const dead = (await queue.send("a", {}, { shopId: "s1", singletonKey: "k", retryLimit: 0 }))!;
      await queue.fetch(["a"], { workerId: "w", limit: 1, lockMs: 1_000 });
      await queue.fail(dead, "w", new Error("x"));
      const twin = (await queue.send("a", {}, { shopId: "s1", singletonKey: "k" }))!;
      expect(twin).toBeTruthy();
      expect(await queue.retryFailed(dead, "s1")).toBe(true); // the waiting twin does the work
      expect(await queue.countsByState({ name: "a" })).toMatchObject({ created: 1, failed: 0 });
      expect((await queue.getJob(twin))?.state).toBe("created");
    });

    it("purges finished jobs but keeps dead letters", async () => {
      const a = (await queue.send("a", {}))!;
      const b = (await queue.send("a", {}, { retryLimit: 0 }))!;
      await queue.fetch(["a"], { workerId: "w", limit: 2, lockMs: 1_000 });
      await queue.complete(a, "w");
      await queue.fail(b, "w", new Error("x"));
      tick(1);
      expect(await queue.purgeFinished(clock)).toBe(1);
      expect(await queue.getJob(a)).toBeNull();
      expect(await queue.getJob(b)).not.toBeNull();
    });
  });

  describe("worker", () => {
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
      tick(500);
      await worker.drain();
      expect(seen).toEqual(["one", "flaky"]);
      expect((await queue.getJob(badId))?.lastError).toBe("PermanentJobError: never");
    });

    it("runs a batch handler over the claimed jobs, each finishing on its own", async () => {
      const worker = new Worker({
        queue,
        logger: silent,
        handlers: {},
        batchHandlers: {
          ev: async (jobs) => jobs.map((j) => (j.data === "bad" ? { ok: false, error: new PermanentJobError("bad event") } : { ok: true })),
        },
      });
      await queue.send("ev", "a");
      await queue.send("ev", "b");
      const bad = (await queue.send("ev", "bad"))!;
      expect(await worker.drain()).toMatchObject({ claimed: 3, completed: 2, failed: 1 });
      expect((await queue.getJob(bad))?.lastError).toBe("PermanentJobError: bad event");
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
}
