// The raw SQL that is spelled per dialect (app/.server/db/dialect.ts), run against whichever backend the
// test project gives (tests/setup/postgres-project.ts runs this file on SQLite and on PostgreSQL): the
// mismatch filter (rule 3.5 in SQL), the tracked-items count, sync log counts per minute, and Home's last
// sync and failed items (ShopifyLevel.writtenAt and ItemSyncError since issue 11).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countTrackedItemsWithSettings } from "../../app/.server/db/budget-queries";
import { itemsWithFailedWrite } from "../../app/.server/db/attention-queries";
import { loadSyncHealthRows } from "../../app/.server/db/home-queries";
import { setLinkError } from "../../app/.server/db/item-links";
import { matchingItemIds } from "../../app/.server/db/item-filter-sql";
import { upsertImportedItem } from "../../app/.server/db/items";
import { loadConnectedScope } from "../../app/.server/db/shop-scope";
import { createTestDb, type TestDb } from "../support/test-db";

let db: TestDb;
let shopNo = 0;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.drop());

const LOC = "gid://shopify/Location/1";
const OTHER_LOC = "gid://shopify/Location/2";

/** One item with `sellable` at warehouse 1, an open published inbound line of 3, buffer 1; Shopify shows `known` at LOC. */
async function world(known: number, mapping: Record<number, string> = {}) {
  const shopId = `dialect-${++shopNo}.myshopify.com`;
  const customer = await db.prisma.customer.create({
    data: { whiplashCustomerId: 2_000_000 + shopNo, defaultSyncSetting: "ALWAYS", defaultBuffer: 1 },
  });
  await db.prisma.shop.create({ data: { id: shopId, customerId: customer.id, defaultLocationId: LOC } });
  for (const [w, loc] of Object.entries(mapping)) {
    await db.prisma.warehouseLocation.create({ data: { shopId, warehouseId: Number(w), locationId: loc } });
  }
  const { id } = await upsertImportedItem(db.prisma, customer.id, { whiplashItemId: 1, sku: `D${shopNo}` });
  await db.prisma.itemWarehouseStock.create({ data: { itemId: id, warehouseId: 1, sellable: 5 } });
  await db.prisma.itemWarehouseStock.create({ data: { itemId: id, warehouseId: 2, sellable: -4 } });
  const notice = await db.prisma.shipNotice.create({
    data: { customerId: customer.id, whiplashId: 7_000 + shopNo, warehouseId: 1, status: 100 },
  });
  await db.prisma.shipNoticeLine.create({
    data: { shipNoticeId: notice.id, itemId: id, whiplashLineId: 1, expected: 4, receivedGood: 1, damaged: 0, publish: true },
  });
  const inventoryItemId = `gid://shopify/InventoryItem/d${shopNo}`;
  await db.prisma.itemLink.create({
    data: { shopId, itemId: id, productId: "p", variantId: `v${shopNo}`, inventoryItemId, tracked: true },
  });
  await db.prisma.shopifyLevel.create({ data: { shopId, inventoryItemId, locationId: LOC, knownQuantity: known } });
  const scope = (await loadConnectedScope(db.prisma, shopId))!;
  return { shopId, customerId: customer.id, itemId: id, scope };
}

// Rule 3.5 at LOC: max(0, sellable 5 (warehouse 2's -4 counts as 0) + inbound max(0, 4 - 1 - 0) = 3 - buffer 1) = 7.
describe(`dialect-specific SQL [${process.env.TEST_DB_BACKEND ?? "sqlite"}]`, () => {
  it("mismatch filter (one location): only an item whose known Shopify quantity differs from rule 3.5", async () => {
    const off = await world(6);
    expect(await matchingItemIds(db.prisma, off.scope, { mismatch: "yes" }, { take: 10 })).toEqual([{ itemId: off.itemId, sku: expect.any(String) }]);
    const on = await world(7);
    expect(await matchingItemIds(db.prisma, on.scope, { mismatch: "yes" }, { take: 10 })).toEqual([]);
  });

  it("mismatch filter (mapped warehouses): per location", async () => {
    const off = await world(6, { 1: LOC, 2: OTHER_LOC });
    expect(await matchingItemIds(db.prisma, off.scope, { mismatch: "yes" }, { take: 10 })).toHaveLength(1);
    const on = await world(7, { 1: LOC, 2: OTHER_LOC });
    expect(await matchingItemIds(db.prisma, on.scope, { mismatch: "yes" }, { take: 10 })).toEqual([]);
  });

  it("counts tracked items by their own setting", async () => {
    const w = await world(0);
    expect(await countTrackedItemsWithSettings(db.prisma, w.shopId, w.customerId, ["CUSTOMER_DEFAULT"])).toBe(1);
    expect(await countTrackedItemsWithSettings(db.prisma, w.shopId, w.customerId, ["NEVER"])).toBe(0);
  });

  it("counts successful writes per UTC minute", async () => {
    const w = await world(0);
    const at = new Date("2026-03-04T05:06:30.123Z");
    for (const createdAt of [at, new Date(at.getTime() + 20_000), new Date(at.getTime() + 60_000)]) {
      await db.prisma.syncLog.create({ data: { shopId: w.shopId, trigger: "t", decision: "WRITTEN", reason: "r", createdAt } });
    }
    const rows = await loadSyncHealthRows(db.prisma, w.shopId, new Date("2026-03-04T00:00:00Z"), 5);
    expect([...rows.syncedPerMinute.entries()].sort()).toEqual([
      ["2026-03-04T05:06", 2],
      ["2026-03-04T05:07", 1],
    ]);
  });

  it("Home: the last sync falls back to the levels' writtenAt when no SYNCED log row is left", async () => {
    const w = await world(0);
    const since = new Date("2026-03-01T00:00:00Z");
    const health = () => loadSyncHealthRows(db.prisma, w.shopId, since, 5);
    expect(await health()).toMatchObject({ lastSyncedLogAt: null, lastLinkSyncedAt: null });
    const other = await db.prisma.shopifyLevel.create({
      data: { shopId: w.shopId, inventoryItemId: "gid://shopify/InventoryItem/x", locationId: OTHER_LOC, writtenQuantity: 1, writtenAt: new Date("2026-03-02T00:00:00Z") },
    });
    await db.prisma.shopifyLevel.updateMany({ where: { shopId: w.shopId, locationId: LOC }, data: { writtenAt: new Date("2026-03-01T00:00:00Z") } });
    expect(await health()).toMatchObject({ lastSyncedLogAt: null, lastLinkSyncedAt: other.writtenAt });
    // With a SYNCED log row, that row is the answer (the writer logs every write with its level).
    const logged = new Date("2026-03-03T00:00:00Z");
    await db.prisma.syncLog.create({ data: { shopId: w.shopId, trigger: "t", decision: "SYNCED", reason: "r", createdAt: logged } });
    expect(await health()).toMatchObject({ lastSyncedLogAt: logged, lastLinkSyncedAt: null });
  });

  it("Home: counts and lists the items whose last write failed, newest first", async () => {
    const w = await world(0);
    const second = await upsertImportedItem(db.prisma, w.customerId, { whiplashItemId: 2, sku: `D${shopNo}-b` });
    await db.prisma.itemLink.create({ data: { shopId: w.shopId, itemId: second.id, productId: "p", variantId: "v-b", inventoryItemId: "ii-b", tracked: true } });
    await setLinkError(db.prisma, w.shopId, w.itemId, "A: older", new Date("2026-03-01T00:00:00Z"));
    await setLinkError(db.prisma, w.shopId, second.id, "B: newer", new Date("2026-03-02T00:00:00Z"));
    expect((await loadSyncHealthRows(db.prisma, w.shopId, new Date(0), 5)).linksWithError).toBe(2);
    expect(await itemsWithFailedWrite(db.prisma, w.shopId, 5)).toEqual({
      total: 2,
      items: [
        { itemId: second.id, sku: `D${shopNo}-b`, error: "B: newer", at: new Date("2026-03-02T00:00:00Z") },
        { itemId: w.itemId, sku: `D${shopNo}`, error: "A: older", at: new Date("2026-03-01T00:00:00Z") },
      ],
    });
    // The error goes with the link.
    await db.prisma.itemLink.deleteMany({ where: { shopId: w.shopId, itemId: second.id } });
    expect((await itemsWithFailedWrite(db.prisma, w.shopId, 5)).total).toBe(1);
  });
});
