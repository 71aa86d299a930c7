// Retention (issue 12, item 12): the worker's retention job deletes settled inbound events (bodies up to
// 1 MB) older than INBOUND_EVENT_RETENTION_DAYS and sync log rows older than SYNC_LOG_RETENTION_DAYS, in
// chunks; an event still PENDING is never deleted, however old, and FAILED events stay as long as the log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppHarness, type AppHarness } from "../support/platform/app-harness";
import { deleteAllJobs, listJobs } from "../support/test-queue";
import { PLATFORM_JOBS } from "../../app/.server/jobs/registry";
import { ensureRetentionSchedule, RETENTION_EVERY_MS } from "../../app/.server/lifecycle/retention";
import { parseEnv } from "../../app/.server/env";

const NOW = new Date("2026-07-31T12:00:00.000Z");
const daysAgo = (days: number, minutes = 0) => new Date(NOW.getTime() - days * 86_400_000 - minutes * 60_000);
const SHOP_A = "retention-a.myshopify.com";
const SHOP_B = "retention-b.myshopify.com";

let h: AppHarness;

beforeAll(async () => {
  h = await createAppHarness();
});
afterAll(() => h?.db.drop());

let n = 0;
async function event(outcome: string, receivedAt: Date, processedAt: Date | null): Promise<string> {
  const id = `ev-${++n}`;
  await h.prisma.inboundEvent.create({
    data: { id, source: "whiplash", topic: "item.inventory_changed", dedupeKey: id, rawBody: `{"n":${n}}`, receivedAt, outcome, processedAt },
  });
  return id;
}

async function log(shopId: string, createdAt: Date): Promise<number> {
  return (await h.prisma.syncLog.create({ data: { shopId, trigger: "WEBHOOK", decision: "SYNCED", reason: "PROCESSING_ORDERS", createdAt } })).id;
}

async function runRetention(now: Date): Promise<unknown> {
  const deps = h.deps(() => now);
  const id = await deps.queue.send(PLATFORM_JOBS.retention, {});
  const worker = h.worker(() => now);
  const round = await worker.drain();
  expect(round.failed).toBe(0);
  const job = await deps.queue.getJob(id!);
  expect(job?.state).toBe("completed");
  return job!.output;
}

describe("retention job", () => {
  it("deletes settled events past 7 days and log rows past 30 days (defaults), in chunks; keeps newer, pending and recent failures", async () => {
    // More old rows than one chunk, so the deletion has to loop.
    const oldSettled = Array.from({ length: 1_203 }, (_, i) => `old-${i}`);
    await h.prisma.inboundEvent.createMany({
      data: oldSettled.map((id, i) => ({
        id,
        source: "whiplash",
        topic: "item.inventory_changed",
        dedupeKey: id,
        rawBody: "{}",
        receivedAt: daysAgo(9, i),
        outcome: i % 3 === 0 ? "STALE" : "APPLIED",
        processedAt: daysAgo(8, i),
      })),
    });
    const processedJustInside = await event("APPLIED", daysAgo(8), daysAgo(6, 23 * 60));
    const pendingAncient = await event("PENDING", daysAgo(90), null);
    const failedRecent = await event("FAILED", daysAgo(20), daysAgo(20));
    const failedOld = await event("FAILED", daysAgo(31), daysAgo(31));
    const oldLogs = [await log(SHOP_A, daysAgo(31)), await log(SHOP_B, daysAgo(45)), await log(SHOP_B, daysAgo(30, 1))];
    const keptLogs = [await log(SHOP_A, daysAgo(29, 23 * 60)), await log(SHOP_B, daysAgo(1))];

    const output = await runRetention(NOW);

    const events = new Set((await h.prisma.inboundEvent.findMany({ select: { id: true } })).map((e) => e.id));
    expect(oldSettled.filter((id) => events.has(id))).toEqual([]);
    expect(events.has(failedOld)).toBe(false);
    expect([...events].sort()).toEqual([failedRecent, pendingAncient, processedJustInside].sort());
    const logs = (await h.prisma.syncLog.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((r) => r.id);
    expect(logs).toEqual(keptLogs);
    expect(oldLogs.some((id) => logs.includes(id))).toBe(false);
    expect(output).toEqual({ inboundEvents: oldSettled.length + 1, syncLog: oldLogs.length, inboundEventDays: 7, syncLogDays: 30 });
  });

  it("uses the configured windows", async () => {
    await h.prisma.inboundEvent.deleteMany({});
    await h.prisma.syncLog.deleteMany({});
    await event("UNUSED", daysAgo(3, 1), daysAgo(3, 1));
    const settled1 = await event("INVALID", daysAgo(1), daysAgo(1));
    await log(SHOP_A, daysAgo(10, 1));
    const log5 = await log(SHOP_A, daysAgo(5));
    const deps = h.deps(() => NOW);
    const { runRetention: run } = await import("../../app/.server/lifecycle/retention");
    const result = await run({ ...deps, retention: { inboundEventDays: 2, syncLogDays: 10 } });
    expect(result).toEqual({ inboundEvents: 1, syncLog: 1, inboundEventDays: 2, syncLogDays: 10 });
    expect((await h.prisma.inboundEvent.findMany()).map((e) => e.id)).toEqual([settled1]);
    expect((await h.prisma.syncLog.findMany()).map((r) => r.id)).toEqual([log5]);
  });

  it("is scheduled daily (idempotently) and its windows come from the environment", async () => {
    await deleteAllJobs(h.db);
    const deps = h.deps(() => NOW);
    expect(await ensureRetentionSchedule(deps.queue, NOW)).not.toBeNull();
    expect(await ensureRetentionSchedule(deps.queue, NOW)).toBeNull();
    const waiting = await listJobs(h.db, { name: PLATFORM_JOBS.retention, states: ["created"] });
    expect(waiting.map((j) => j.startAfter.getTime())).toEqual([NOW.getTime() + RETENTION_EVERY_MS]);

    const base = { SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://app.example" };
    expect(parseEnv(base)).toMatchObject({ INBOUND_EVENT_RETENTION_DAYS: 7, SYNC_LOG_RETENTION_DAYS: 30 });
    expect(parseEnv({ ...base, INBOUND_EVENT_RETENTION_DAYS: "14", SYNC_LOG_RETENTION_DAYS: "90" })).toMatchObject({
      INBOUND_EVENT_RETENTION_DAYS: 14,
      SYNC_LOG_RETENTION_DAYS: 90,
    });
    expect(() => parseEnv({ ...base, INBOUND_EVENT_RETENTION_DAYS: "0" })).toThrow(/INBOUND_EVENT_RETENTION_DAYS/);
    expect(() => parseEnv({ ...base, SYNC_LOG_RETENTION_DAYS: "a month" })).toThrow(/SYNC_LOG_RETENTION_DAYS/);
  });
});
