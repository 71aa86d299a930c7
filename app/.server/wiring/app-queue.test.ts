import { describe, expect, it } from "vitest";
import { PgBossQueue } from "../jobs/pg-boss-queue";
import { PrismaJobQueue } from "../jobs/prisma-job-queue";
import { appJobQueue, asPlatformQueue, createAppJobQueue, jobQueue } from "./app-queue";

describe("app job queue", () => {
  it("keeps the Prisma queue on SQLite, unwrapped", () => {
    // The test environment's DATABASE_URL is a SQLite file.
    expect(appJobQueue).toBeInstanceOf(PrismaJobQueue);
    expect(jobQueue).toBe(appJobQueue);
    expect(createAppJobQueue("file:./dev.sqlite")).toBeInstanceOf(PrismaJobQueue);
  });

  it("chooses pg-boss on PostgreSQL, with intake's SQLite-only statements refused", async () => {
    const queue = createAppJobQueue("postgresql://nobody@127.0.0.1:1/none");
    expect(queue).toBeInstanceOf(PgBossQueue);
    const platform = asPlatformQueue(queue);
    expect(typeof platform.fetch).toBe("function");
    expect(() => platform.sendStatement("a", {})).toThrow(/sendWithin/);
    expect(() => platform.sendForEventsStatement("a", ["e"])).toThrow(/sendWithin/);
    await (queue as PgBossQueue).stop(); // never connected: the pool is lazy
  });
});
