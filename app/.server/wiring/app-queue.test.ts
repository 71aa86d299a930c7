import { describe, expect, it } from "vitest";
import { PrismaJobQueue } from "../jobs/prisma-job-queue";
import { jobQueue } from "./app-queue";

describe("app job queue", () => {
  it("is the Prisma queue, whose intake statements work on both databases", () => {
    expect(jobQueue).toBeInstanceOf(PrismaJobQueue);
    expect(typeof jobQueue.sendStatement).toBe("function");
  });
});
