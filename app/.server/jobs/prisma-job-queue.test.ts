// PrismaJobQueue is the SQLite queue (its behaviour is the contract in job-queue.contract.ts). On
// PostgreSQL its singleton check and claim race under READ COMMITTED, so it must refuse to run there.
import { describe, expect, it } from "vitest";
import { createPrismaClient } from "../db/create-prisma-client";
import { PrismaJobQueue } from "./prisma-job-queue";

describe("PrismaJobQueue", () => {
  it("refuses a PostgreSQL client with a message naming the queue to use", async () => {
    // Not connected: constructing the client opens no connection.
    const prisma = createPrismaClient("postgresql://app@127.0.0.1:1/app");
    try {
      expect(() => new PrismaJobQueue(prisma)).toThrow(/SQLite queue.*PgBossQueue/s);
    } finally {
      await prisma.$disconnect();
    }
  });
});
