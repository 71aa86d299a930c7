import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/support/test-db";
import { cancelPendingSyncs, countPendingSyncs, deletePendingSyncs, listPendingSyncs, upsertPendingSyncs } from "./pending-syncs";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

const key = { shopId: "a.myshopify.com", itemId: "item-1", locationId: "gid://shopify/Location/1" };

describe("pending syncs", () => {
  it("coalesces to one row per item and location holding the latest wanted quantity", async () => {
    await upsertPendingSyncs(db.prisma, [{ ...key, wanted: 5, trigger: "WEBHOOK" }]);
    await upsertPendingSyncs(db.prisma, [{ ...key, wanted: 7, trigger: "WEBHOOK" }]);
    const rows = await listPendingSyncs(db.prisma, key.shopId, 10);
    expect(rows).toHaveLength(1);
    expect(rows[0].wanted).toBe(7);
  });

  it("keeps force and a SELLOUT trigger until written", async () => {
    await upsertPendingSyncs(db.prisma, [{ ...key, wanted: 0, trigger: "SELLOUT", force: true }]);
    await upsertPendingSyncs(db.prisma, [{ ...key, wanted: 0, trigger: "WEBHOOK" }]);
    const [row] = await listPendingSyncs(db.prisma, key.shopId, 10);
    expect(row.trigger).toBe("SELLOUT");
    expect(row.force).toBe(true);
  });

  it("does not delete a row replaced after it was read", async () => {
    await upsertPendingSyncs(db.prisma, [{ ...key, wanted: 9, trigger: "WEBHOOK" }]);
    const [current] = await listPendingSyncs(db.prisma, key.shopId, 10);
    // What the writer read before the replacement carried an older enqueuedAt.
    const stale = { ...current, enqueuedAt: new Date(current.enqueuedAt.getTime() - 1) };
    expect(await deletePendingSyncs(db.prisma, [stale])).toBe(0);
    const [fresh] = await listPendingSyncs(db.prisma, key.shopId, 10);
    expect(fresh.wanted).toBe(9);
    expect(await deletePendingSyncs(db.prisma, [fresh])).toBe(1);
    expect(await countPendingSyncs(db.prisma, key.shopId)).toBe(0);
  });

  it("two workers queueing the same rows in opposite orders at once both succeed (no deadlock)", async () => {
    const shopId = "race.myshopify.com";
    const rows = Array.from({ length: 150 }, (_, i) => ({ shopId, itemId: `item-${String(i).padStart(3, "0")}`, locationId: key.locationId, wanted: i, trigger: "WEBHOOK" as const }));
    for (let round = 0; round < 6; round++) {
      // Opposite orders: without one lock order, each transaction holds rows the other one waits for.
      const results = await Promise.allSettled([upsertPendingSyncs(db.prisma, rows), upsertPendingSyncs(db.prisma, [...rows].reverse())]);
      expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    }
    expect(await countPendingSyncs(db.prisma, shopId)).toBe(rows.length);
  });

  it("cancels only the given shop's rows", async () => {
    await upsertPendingSyncs(db.prisma, [
      { ...key, wanted: 1, trigger: "WEBHOOK" },
      { ...key, shopId: "b.myshopify.com", wanted: 1, trigger: "WEBHOOK" },
    ]);
    expect(await cancelPendingSyncs(db.prisma, key.shopId)).toBe(1);
    expect(await countPendingSyncs(db.prisma, "b.myshopify.com")).toBe(1);
  });
});
