import { describe, expect, it } from "vitest";
import { PgBossQueue } from "../jobs/pg-boss-queue";
import { PrismaJobQueue } from "../jobs/prisma-job-queue";
import { createAppJobQueue, jobQueue } from "./app-queue";

describe("app job queue", () => {
  it("is the Prisma queue on SQLite (the tests' database)", () => {
    expect(jobQueue).toBeInstanceOf(PrismaJobQueue);
  });

  it("is pg-boss on PostgreSQL, with the intake's in-transaction port", async () => {
    // Nothing connects until the first call: the pool and pg-boss start lazily.
    const queue = createAppJobQueue("postgresql://app@127.0.0.1:1/app");
    try {
      expect(queue).toBeInstanceOf(PgBossQueue);
      expect(typeof queue.insertEventsWithJobs).toBe("function");
      expect(typeof queue.insertEventWithJob).toBe("function");
    } finally {
      await (queue as PgBossQueue).stop();
    }
  });
});
