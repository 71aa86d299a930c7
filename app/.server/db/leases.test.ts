import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/support/test-db";
import { memoryLeases } from "../../../tests/support/memory-leases";
import { prismaLeases, type LeaseStore } from "./leases";

let db: TestDb;
let time = 1_000_000;
const now = () => time;

beforeEach(async () => {
  db = await createTestDb();
  time = 1_000_000;
});
afterEach(async () => db.drop());

const stores: [string, () => LeaseStore][] = [
  ["prisma", () => prismaLeases(db.prisma, now)],
  ["memory", () => memoryLeases(now)],
];

describe.each(stores)("leases (%s)", (_name, make) => {
  it("gives a free lease to one owner and refuses it to another until it expires", async () => {
    const leases = make();
    expect(await leases.acquire("shop-writer:a", "w1", 10_000)).toBe(true);
    expect(await leases.acquire("shop-writer:a", "w2", 10_000)).toBe(false);
    expect(await leases.acquire("shop-writer:b", "w2", 10_000)).toBe(true);
    time += 10_001;
    expect(await leases.acquire("shop-writer:a", "w2", 10_000)).toBe(true);
    expect(await leases.renew("shop-writer:a", "w1", 10_000)).toBe(false);
  });

  it("renew extends the holder's lease; release frees it only for its owner", async () => {
    const leases = make();
    await leases.acquire("l", "w1", 10_000);
    time += 9_000;
    expect(await leases.renew("l", "w1", 10_000)).toBe(true);
    time += 9_000;
    expect(await leases.acquire("l", "w2", 10_000)).toBe(false);
    await leases.release("l", "w2");
    expect(await leases.acquire("l", "w2", 10_000)).toBe(false);
    await leases.release("l", "w1");
    expect(await leases.acquire("l", "w2", 10_000)).toBe(true);
  });

  it("acquireFrom names the holder whose expired lease it took over, and nobody for a free, released or own lease", async () => {
    const leases = make();
    expect(await leases.acquireFrom("l", "w1", 10_000)).toEqual({ acquired: true, tookOverFrom: null });
    expect(await leases.acquireFrom("l", "w1", 10_000)).toEqual({ acquired: true, tookOverFrom: null });
    expect(await leases.acquireFrom("l", "w2", 10_000)).toEqual({ acquired: false });
    time += 10_001; // w1 crashed: never renewed, never released
    expect(await leases.acquireFrom("l", "w2", 10_000)).toEqual({ acquired: true, tookOverFrom: "w1" });
    await leases.release("l", "w2");
    expect(await leases.acquireFrom("l", "w3", 10_000)).toEqual({ acquired: true, tookOverFrom: null });
  });

  it("re-acquiring a lease you hold succeeds (restart with the same owner id)", async () => {
    const leases = make();
    expect(await leases.acquire("l", "w1", 1000)).toBe(true);
    expect(await leases.acquire("l", "w1", 1000)).toBe(true);
  });
});

describe("prisma leases under contention", () => {
  it("exactly one of many concurrent acquirers wins, on a fresh and on an expired lease", async () => {
    const contenders = Array.from({ length: 12 }, (_, i) => `w${i}`);
    const fresh = await Promise.all(contenders.map((w) => prismaLeases(db.prisma, now).acquire("x", w, 5000)));
    expect(fresh.filter(Boolean)).toHaveLength(1);
    time += 6000;
    const expired = await Promise.all(contenders.map((w) => prismaLeases(db.prisma, now).acquire("x", `${w}b`, 5000)));
    expect(expired.filter(Boolean)).toHaveLength(1);
    // Taking over the expired lease: exactly one names the previous holder.
    time += 6000;
    const takeovers = await Promise.all(contenders.map((w) => prismaLeases(db.prisma, now).acquireFrom("x", `${w}c`, 5000)));
    expect(takeovers.filter((t) => t.acquired)).toHaveLength(1);
    expect(takeovers.find((t) => t.acquired)).toMatchObject({ tookOverFrom: expect.stringMatching(/^w\d+b$/) });
  });

  it("two Prisma clients on the same database file (two processes) exclude each other", async () => {
    const { createPrismaClient } = await import("./create-prisma-client");
    const other = createPrismaClient(db.url);
    try {
      const results = await Promise.all([
        prismaLeases(db.prisma, now).acquire("y", "p1", 5000),
        prismaLeases(other, now).acquire("y", "p2", 5000),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
    } finally {
      await other.$disconnect();
    }
  });
});
