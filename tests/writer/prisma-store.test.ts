// The writer on the real database: pending syncs from the repository, decisions from the stored items,
// and the results recorded in SyncLog, ShopifyLevel, ItemLink and SyncRun.
import { afterEach, describe, expect, it } from "vitest";
import { prismaLeases } from "../../app/.server/db/leases";
import { upsertPendingSyncs } from "../../app/.server/db/pending-syncs";
import { PrismaWriterStore } from "../../app/.server/db/prisma-writer-store";
import { createTestDb, type TestDb } from "../support/test-db";
import { WriterWorld } from "../support/writer-world";
import { seedWriterDb } from "../support/seed-writer-db";

let world: WriterWorld | undefined;
let db: TestDb | undefined;
afterEach(async () => {
  await world?.close();
  await db?.drop();
  world = undefined;
  db = undefined;
});

describe("shop writer with the Prisma store", () => {
  it("writes what the stored items say, logs every decision and clears the pending set", async () => {
    db = await createTestDb();
    world = await WriterWorld.start({ items: 600 });
    const { itemIds } = await seedWriterDb(db.prisma, {
      shopId: world.shop,
      locationId: world.appLocation,
      inventoryItemIds: world.inventoryItemIds,
      quantity: (i) => 20 + (i % 50),
      syncSetting: (i) => (i === 5 ? "NEVER" : "ALWAYS"),
    });
    // One link points at an inventory item Shopify does not have.
    await db.prisma.itemLink.update({
      where: { shopId_itemId: { shopId: world.shop, itemId: itemIds[7] } },
      data: { inventoryItemId: "gid://shopify/InventoryItem/999999999" },
    });
    await upsertPendingSyncs(
      db.prisma,
      itemIds.map((itemId, i) => ({ shopId: world!.shop, itemId, locationId: world!.appLocation, wanted: 20 + (i % 50), trigger: "WEBHOOK" as const })),
    );

    const store = new PrismaWriterStore(db.prisma);
    const result = await world.writer({ store, leases: prismaLeases(db.prisma) });
    expect(result).toMatchObject({ status: "completed", written: 598, skipped: 1, failed: 1 });

    for (const i of [0, 1, 299, 599]) expect(world.available(i)).toBe(20 + (i % 50));
    expect(world.available(5)).toBe(0); // NEVER: not written
    expect(await db.prisma.pendingSync.count()).toBe(0);

    const byDecision = await db.prisma.syncLog.groupBy({ by: ["decision", "reason"], _count: true });
    expect(byDecision.map((g) => [g.decision, g.reason, g._count]).sort()).toEqual(
      [
        ["FAILED", "INVALID_INVENTORY_ITEM", 1],
        ["SKIPPED", "NEVER", 1],
        ["SYNCED", "ALWAYS", 598],
      ].sort(),
    );
    const level = await db.prisma.shopifyLevel.findUnique({
      where: { shopId_inventoryItemId_locationId: { shopId: world.shop, inventoryItemId: world.inventoryItemIds[1], locationId: world.appLocation } },
    });
    expect(level).toMatchObject({ knownQuantity: 21, writtenQuantity: 21 });
    const failedLink = await db.prisma.itemLink.findUnique({ where: { shopId_itemId: { shopId: world.shop, itemId: itemIds[7] } } });
    expect(failedLink?.lastError).toMatch(/^INVALID_INVENTORY_ITEM/);
    const okLink = await db.prisma.itemLink.findUnique({ where: { shopId_itemId: { shopId: world.shop, itemId: itemIds[8] } } });
    expect(okLink?.lastSyncedAt).toBeInstanceOf(Date);
    const run = await db.prisma.syncRun.findUnique({ where: { id: result.runId! } });
    expect(run).toMatchObject({ written: 598, skipped: 1, failed: 1 });
    expect(run?.finishedAt).toBeInstanceOf(Date);

    // Nothing changed since: a second run skips everything as UNCHANGED without calling Shopify.
    await upsertPendingSyncs(db.prisma, [{ shopId: world.shop, itemId: itemIds[0], locationId: world.appLocation, wanted: 20, trigger: "WEBHOOK" }]);
    const calls = world.counters().graphqlRequests;
    expect(await world.writer({ store, leases: prismaLeases(db.prisma) })).toMatchObject({ skipped: 1, written: 0 });
    expect(world.counters().graphqlRequests).toBe(calls);
  });

  it("publishes nothing for an uninstalled shop whose settings are kept for a reinstall", async () => {
    db = await createTestDb();
    world = await WriterWorld.start({ items: 3 });
    const { itemIds } = await seedWriterDb(db.prisma, {
      shopId: world.shop,
      locationId: world.appLocation,
      inventoryItemIds: world.inventoryItemIds,
      quantity: () => 11,
      syncSetting: () => "ALWAYS",
    });
    await db.prisma.shop.update({ where: { id: world.shop }, data: { uninstalledAt: new Date() } });
    await upsertPendingSyncs(
      db.prisma,
      itemIds.map((itemId) => ({ shopId: world!.shop, itemId, locationId: world!.appLocation, wanted: 11, trigger: "WEBHOOK" as const })),
    );
    const calls = world.counters().graphqlRequests;
    const result = await world.writer({ store: new PrismaWriterStore(db.prisma), leases: prismaLeases(db.prisma) });
    expect(result).toMatchObject({ written: 0 });
    expect(world.counters().graphqlRequests).toBe(calls);
    expect(world.available(0)).not.toBe(11);
  });
});
