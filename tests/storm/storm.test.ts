// A small storm through the real processes (bench/lib/storm.ts; `npm run bench -- storm` runs the big
// one): the production build of the app, two workers (three and two app processes on PostgreSQL),
// the Whiplash simulator delivering round-robin with duplicates and reordering, Admin faults (5xx, 504,
// hangs cut after 1 s, THROTTLED) on a quarter of the calls, and one worker SIGKILLed mid-run. The
// checks are the harness's: nothing lost or applied twice, the app's copy of the warehouse equal to
// Whiplash, Shopify equal to the rule-computed quantity for every item, one writer per shop at a time.
// Runs in the postgres leg too (tests/setup/postgres-project.ts), where issue 11's multi-process proof
// belongs. Most of its time is process start-up and the killed worker's writer lease running out (30 s).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testBackend, type TestDb } from "../support/test-db";
import { runStorm, type StormResult } from "../../bench/lib/storm";

describe("multi-process storm with a killed worker and Admin faults", () => {
  let db: TestDb;
  let result: StormResult;
  const postgres = testBackend() === "postgres";

  beforeAll(async () => {
    db = await createTestDb();
    // The test database handle is not needed while the processes run (SQLite: one writer at a time).
    await db.prisma.$disconnect();
    result = await runStorm({
      store: postgres ? "postgres" : "sqlite",
      databaseUrl: db.url,
      apps: postgres ? 2 : 1,
      workers: postgres ? 3 : 2,
      shops: 1,
      itemsPerShop: 30,
      actions: 150,
      stormSeconds: 5,
      killWorkerAt: 0.2,
      faults: 0.25,
      hangMs: 1_000,
      // The first writes surely fail, however few calls this short run makes.
      extraFaults: [
        { kind: "status", status: 503, times: 2, operation: "mutation" },
        { kind: "throttled", times: 1, operation: "mutation" },
      ],
      // The killed worker's faults are excused (it may die before logging them), so the writer that
      // takes its shop over surely meets one that must be logged.
      extraFaultsAfterKill: [{ kind: "status", status: 503, times: 1, operation: "mutation" }],
      duplicates: 0.3,
      reorder: true,
      senders: 4,
      latencyMs: 10,
      // Short enough that the killed worker's jobs are taken over quickly, long enough that a busy
      // machine's heartbeats (every half lock) keep a live worker's jobs.
      workerLockMs: 10_000,
      convergeTimeoutMs: 150_000,
      seed: 11,
      build: "if-missing",
    });
  }, 420_000);

  afterAll(async () => {
    await db?.drop();
  });

  it("delivered duplicates and reordered events round-robin to every app process, killed a worker and injected faults", () => {
    expect(result.eventsSent).toBeGreaterThan(result.eventsDistinct);
    expect(result.postsPerApp.every((n) => n > 0)).toBe(true);
    expect(result.eventOutcomes.STALE ?? 0).toBeGreaterThan(0); // older events arrived after newer ones
    expect(result.killedWorker).not.toBeNull();
    // The SIGKILL reached the worker itself: no process of the run outlived it (through tsx's CLI it
    // reached only the CLI, and the orphaned worker ran on to the end).
    expect(result.leakedProcesses).toBe(0);
    expect(result.faultsInjected).toBeGreaterThanOrEqual(3);
    // The connect subscribed at the app's URL, so the workers' webhook-health job had nothing to repair
    // (it used to re-create the subscriptions mid-storm, which sent every event twice).
    expect(result.subscriptionsRecreated).toBe(0);
  });

  it("converged with no event lost or applied twice", () => {
    expect(result.checks.converged, JSON.stringify(result)).toBe(true);
    expect(result.lost).toBe(0);
    expect(result.notAcknowledged).toBe(0);
    expect(result.storedTwice).toBe(0);
    expect(result.receiptsDoubled).toBe(0);
    expect(result.receiptsMissing).toBe(0);
    expect(result.stockMismatches).toBe(0);
  });

  it("Shopify shows the rule-computed quantity for every item, and no shop had two writers at once", () => {
    expect(result.comparedLocations).toBeGreaterThan(0);
    expect(result.finalMismatches).toBe(0);
    expect(result.maxConcurrentWritersPerShop).toBe(1);
    expect(result.ok).toBe(true);
  });

  it("every fault injected on the writer's calls is visible in the sync log, retried or not (issue 12 item 13)", () => {
    expect(result.writerCallFaults).toBeGreaterThanOrEqual(3); // the extra faults above, at least
    // Except the faults of the killed worker's unfinished run: it may die before their log rows commit,
    // which on a loaded machine can be well after the answer (CI once lost one answered more than 250 ms
    // before the kill, the window this check allowed before).
    expect(result.writerFaultsAtKill).toBeLessThan(result.writerCallFaults);
    expect(result.syncLogCallFailed, JSON.stringify(result.faultsByOperation)).toBeGreaterThanOrEqual(result.writerCallFaults - result.writerFaultsAtKill);
    expect(result.checks.failuresVisible).toBe(true);
  });
});
