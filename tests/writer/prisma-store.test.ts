// The writer on the real database: pending syncs from the repository, decisions from the stored items,
// and the results recorded in SyncLog, ShopifyLevel, ItemSyncError and SyncRun (never ItemLink, issue 11).
import { afterEach, describe, expect, it } from "vitest";
import { prismaLeases } from "../../app/.server/db/leases";
import { upsertPendingSyncs } from "../../app/.server/db/pending-syncs";
import { nextPendingPageParts, nextPendingQuery, PrismaWriterStore, recordStatementPostgres } from "../../app/.server/db/prisma-writer-store";
import { combinedJsonRows } from "../../app/.server/db/sql-runner";
import { dialectOf } from "../../app/.server/db/dialect";
import { loadItemStates } from "../../app/.server/db/items";
import { unitsInFlightByItem } from "../../app/.server/db/in-flight-orders";
import { cursorAfter, readPendingPage, type PendingRow, type SyncOutcome } from "../../app/.server/db/writer-store";
import { createTestDb, testBackend, type TestDb } from "../support/test-db";
import { WriterWorld } from "../support/writer-world";
import { seedWriterDb } from "../support/seed-writer-db";
import { loadSyncHealthRows } from "../../app/.server/db/home-queries";
import { syncStatusOfLinks } from "../../app/.server/db/item-links";

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
    const errors = await db.prisma.itemSyncError.findMany({ where: { shopId: world.shop } });
    expect(errors.map((e) => e.itemId)).toEqual([itemIds[7]]);
    expect(errors[0].error).toMatch(/^INVALID_INVENTORY_ITEM/);
    const okLevel = await db.prisma.shopifyLevel.findUnique({
      where: { shopId_inventoryItemId_locationId: { shopId: world.shop, inventoryItemId: world.inventoryItemIds[8], locationId: world.appLocation } },
    });
    expect(okLevel?.writtenAt).toBeInstanceOf(Date);
    const run = await db.prisma.syncRun.findUnique({ where: { id: result.runId! } });
    expect(run).toMatchObject({ written: 598, skipped: 1, failed: 1 });
    expect(run?.finishedAt).toBeInstanceOf(Date);

    // Nothing changed since: a second run skips everything as UNCHANGED without calling Shopify.
    await upsertPendingSyncs(db.prisma, [{ shopId: world.shop, itemId: itemIds[0], locationId: world.appLocation, wanted: 20, trigger: "WEBHOOK" }]);
    const calls = world.counters().graphqlRequests;
    expect(await world.writer({ store, leases: prismaLeases(db.prisma) })).toMatchObject({ skipped: 1, written: 0 });
    expect(world.counters().graphqlRequests).toBe(calls);
  });

  it("records every failed Admin call attempt in the sync log, even when a retry then lands the write (issue 12 item 13)", async () => {
    db = await createTestDb();
    world = await WriterWorld.start({ items: 3, timeoutMs: 300 });
    const { itemIds } = await seedWriterDb(db.prisma, {
      shopId: world.shop,
      locationId: world.appLocation,
      inventoryItemIds: world.inventoryItemIds,
      quantity: (i) => 10 + i,
    });
    await upsertPendingSyncs(
      db.prisma,
      itemIds.map((itemId, i) => ({ shopId: world!.shop, itemId, locationId: world!.appLocation, wanted: 10 + i, trigger: "WEBHOOK" as const })),
    );
    // The client retries each of these, so the write itself still lands.
    world.sim.addFault({ kind: "status", status: 503, operation: "mutation", times: 1 });
    world.sim.addFault({ kind: "throttled", operation: "mutation", times: 1 });
    world.sim.addFault({ kind: "hang", operation: "mutation", times: 1 });

    const result = await world.writer({ store: new PrismaWriterStore(db.prisma), leases: prismaLeases(db.prisma) });
    expect(result).toMatchObject({ status: "completed", written: 3, failed: 0 });
    for (const i of [0, 1, 2]) expect(world.available(i)).toBe(10 + i);

    const calls = await db.prisma.syncLog.findMany({ where: { shopId: world.shop, decision: "CALL_FAILED" }, orderBy: { id: "asc" } });
    expect(calls.map((c) => c.reason).sort()).toEqual(["HTTP_5XX", "THROTTLED", "TIMEOUT"]);
    for (const c of calls) {
      expect(c).toMatchObject({ itemId: null, runId: result.runId });
      expect(c.error).toMatch(/InventorySetQuantities.*attempt \d/);
    }
    // Shown where the merchant looks: the Home page's recent activity.
    const home = await loadSyncHealthRows(db.prisma as never, world.shop, new Date(0), 20);
    expect(home.recentLogs.filter((r) => r.decision === "CALL_FAILED")).toHaveLength(3);
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

  // The store reads and writes with its own set-based statements (not the repositories' Prisma calls):
  // these pin that what it loads equals what the item repository loads, that it scans the pending set in
  // a stable order with a working cursor, and what recording an outcome changes.
  it("loads an item's decision inputs exactly as the item repository does", async () => {
    db = await createTestDb();
    const prisma = db.prisma;
    const shopId = "equal.myshopify.com";
    const { customerId, itemIds } = await seedWriterDb(prisma, {
      shopId,
      locationId: "gid://shopify/Location/1",
      inventoryItemIds: ["gid://shopify/InventoryItem/1", "gid://shopify/InventoryItem/2", "gid://shopify/InventoryItem/3"],
      quantity: (i) => 10 * (i + 1),
    });
    const [a, b, c] = itemIds;
    const at = (s: string) => new Date(`2026-03-0${s}T10:11:12.345Z`);
    await prisma.item.update({
      where: { id: a },
      data: { bufferOverride: 3, firstReceivedAt: at("1"), lastEventAt: at("2"), processOrders: false, syncSetting: "CUSTOMER_DEFAULT", processOrdersEventAt: at("3"), settingsEventAt: at("4") },
    });
    await prisma.itemWarehouseStock.create({ data: { itemId: a, warehouseId: 7, sellable: 4 } });
    const notice = await prisma.shipNotice.create({ data: { customerId, whiplashId: 55, warehouseId: 7, status: 300, lastEventAt: at("5") } });
    const open = await prisma.shipNotice.create({ data: { customerId, whiplashId: 54, warehouseId: 1, status: 100 } });
    await prisma.shipNoticeLine.createMany({
      data: [
        { shipNoticeId: notice.id, whiplashLineId: 2, itemId: a, expected: 9, receivedGood: 4, damaged: 1, publish: true, lastEventAt: at("6") },
        { shipNoticeId: open.id, whiplashLineId: 1, itemId: a, expected: 5 },
        { shipNoticeId: open.id, whiplashLineId: 3, itemId: b, expected: 2, publish: true },
      ],
    });
    await prisma.itemLink.update({ where: { shopId_itemId: { shopId, itemId: b } }, data: { tracked: false } });
    await prisma.shopifyLevel.createMany({
      data: [
        { shopId, inventoryItemId: "gid://shopify/InventoryItem/1", locationId: "gid://shopify/Location/1", knownQuantity: 8 },
        { shopId, inventoryItemId: "gid://shopify/InventoryItem/1", locationId: "gid://shopify/Location/2", knownQuantity: null },
        { shopId: shopId, inventoryItemId: "gid://shopify/InventoryItem/9", locationId: "gid://shopify/Location/1", knownQuantity: 1 },
      ],
    });
    // Another merchant's item of the same id space is never loaded for this shop.
    const other = await prisma.customer.create({ data: { whiplashCustomerId: 999, name: "Other" } });
    await prisma.item.create({ data: { id: "other-item", customerId: other.id, whiplashItemId: 1, sku: "X" } });

    // Units of orders in flight: summed per item and location; a location whose lines sum to 0 is absent.
    await prisma.inFlightOrder.createMany({
      data: ["o-1", "o-2"].map((orderId) => ({ shopId, orderId, seenAt: at("7") })),
    });
    await prisma.inFlightLine.createMany({
      data: [
        { shopId, orderId: "o-1", itemId: a, locationId: "gid://shopify/Location/1", units: 2 },
        { shopId, orderId: "o-2", itemId: a, locationId: "gid://shopify/Location/1", units: 3 },
        { shopId, orderId: "o-1", itemId: a, locationId: "gid://shopify/Location/2", units: 0 },
        { shopId, orderId: "o-1", itemId: c, locationId: "gid://shopify/Location/2", units: 1 },
      ],
    });

    const context = await new PrismaWriterStore(prisma).loadDecisionContext(shopId, [a, b, c, "other-item", "missing"]);
    const expected = await loadItemStates(prisma, [a, b, c], { customerId });
    const inFlight = await unitsInFlightByItem(prisma, shopId, [a, b, c]);
    expect(inFlight.get(a)).toEqual({ "gid://shopify/Location/1": 5 });
    expect(context.items.get(a)!.link).toEqual({ inventoryItemId: "gid://shopify/InventoryItem/1", tracked: true, unitsInFlight: inFlight.get(a) });
    expect(context.items.get(b)!.link).toEqual({ inventoryItemId: "gid://shopify/InventoryItem/2", tracked: false });
    expect(context.items.get(c)!.link).toEqual({ inventoryItemId: "gid://shopify/InventoryItem/3", tracked: true, unitsInFlight: inFlight.get(c) });
    expect([...context.items.keys()].sort()).toEqual([a, b, c].sort());
    for (const id of [a, b, c]) expect(context.items.get(id)!.item).toEqual(expected.get(id));
    expect(context.items.get(a)!.item.shipLines).toHaveLength(2); // the fixture reaches the interesting fields
    expect(context.items.get(a)!.item.firstReceivedAt).toBe("2026-03-01T10:11:12.345Z");
    expect(context.items.get(a)!.known).toEqual({ "gid://shopify/Location/1": 8, "gid://shopify/Location/2": null });
    expect(context.items.get(b)!.known).toEqual({});
    expect(context.shop).not.toBeNull();
    expect(context.customer).not.toBeNull();
  });

  it("reads a page of pending rows with its items' decision inputs as nextPending then loadDecisionContext do", async () => {
    db = await createTestDb();
    const prisma = db.prisma;
    const shopId = "page.myshopify.com";
    const loc1 = "gid://shopify/Location/1";
    const loc2 = "gid://shopify/Location/2";
    const { itemIds } = await seedWriterDb(prisma, {
      shopId,
      locationId: loc1,
      inventoryItemIds: Array.from({ length: 6 }, (_, i) => `gid://shopify/InventoryItem/${i + 1}`),
      quantity: (i) => 3 * i,
    });
    const [a, b, c] = itemIds;
    await prisma.itemWarehouseStock.create({ data: { itemId: a, warehouseId: 7, sellable: 4 } });
    await prisma.itemLink.update({ where: { shopId_itemId: { shopId, itemId: b } }, data: { tracked: false } });
    await prisma.shopifyLevel.createMany({
      data: [
        { shopId, inventoryItemId: "gid://shopify/InventoryItem/1", locationId: loc1, knownQuantity: 8 },
        { shopId, inventoryItemId: "gid://shopify/InventoryItem/1", locationId: loc2, knownQuantity: null },
      ],
    });
    await prisma.inFlightOrder.create({ data: { shopId, orderId: "o-1", seenAt: new Date() } });
    await prisma.inFlightLine.create({ data: { shopId, orderId: "o-1", itemId: c, locationId: loc2, units: 2 } });
    // Another merchant's item with a pending row in this shop: never loaded.
    const other = await prisma.customer.create({ data: { whiplashCustomerId: 999, name: "Other" } });
    await prisma.item.create({ data: { id: "other-item", customerId: other.id, whiplashItemId: 1, sku: "X" } });
    await upsertPendingSyncs(prisma, [
      ...itemIds.map((itemId, i) => ({ shopId, itemId, locationId: loc1, wanted: i, trigger: "WEBHOOK" as const })),
      { shopId, itemId: a, locationId: loc2, wanted: 1, trigger: "MANUAL", force: true, runId: "run-x" },
      { shopId, itemId: "other-item", locationId: loc1, wanted: 1, trigger: "WEBHOOK" },
    ]);
    const store = new PrismaWriterStore(prisma);

    let pages = 0;
    for (let cursor = null as ReturnType<typeof cursorAfter> | null; ; pages++) {
      const page = await store.nextPendingPage(shopId, cursor, 3);
      expect(page).toEqual(await readPendingPage(store, shopId, cursor, 3));
      if (page.rows.length === 0) break;
      expect(page.rows.length).toBeLessThanOrEqual(3);
      expect(page.context.items.has("other-item")).toBe(false);
      // Every item of the page that is the shop's customer's has its inputs; no item of another page.
      expect([...page.context.items.keys()].sort()).toEqual([...new Set(page.rows.map((r) => r.itemId))].filter((id) => id !== "other-item").sort());
      cursor = cursorAfter(page.rows.at(-1)!);
    }
    expect(pages).toBe(3); // 8 rows in pages of 3
  });

  it("scans the pending set in a stable order after the cursor and records outcomes set-based", async () => {
    db = await createTestDb();
    const prisma = db.prisma;
    const shopId = "scan.myshopify.com";
    const loc = "gid://shopify/Location/1";
    const { itemIds } = await seedWriterDb(prisma, {
      shopId,
      locationId: loc,
      inventoryItemIds: Array.from({ length: 7 }, (_, i) => `gid://shopify/InventoryItem/${i + 1}`),
      quantity: () => 1,
    });
    const first = new Date("2026-05-01T00:00:00.001Z");
    await upsertPendingSyncs(prisma, itemIds.slice(0, 5).map((itemId, i) => ({ shopId, itemId, locationId: loc, wanted: i, trigger: "WEBHOOK" as const })));
    await upsertPendingSyncs(prisma, [{ shopId, itemId: itemIds[5], locationId: "gid://shopify/Location/2", wanted: 50, trigger: "MANUAL", force: true, runId: "run-x" }]);
    await prisma.pendingSync.updateMany({ where: { shopId }, data: { enqueuedAt: first } });
    await upsertPendingSyncs(prisma, [{ shopId: "elsewhere.myshopify.com", itemId: itemIds[6], locationId: loc, wanted: 1, trigger: "WEBHOOK" }]);
    const store = new PrismaWriterStore(prisma);

    const all: PendingRow[] = [];
    for (let cursor = null as ReturnType<typeof cursorAfter> | null; ; ) {
      const rows = await store.nextPending(shopId, cursor, 2);
      if (rows.length === 0) break;
      expect(rows.length).toBeLessThanOrEqual(2);
      all.push(...rows);
      cursor = cursorAfter(rows.at(-1)!);
    }
    expect(all.map((r) => r.itemId)).toEqual(itemIds.slice(0, 6));
    expect(all[0]).toEqual({ shopId, itemId: itemIds[0], locationId: loc, wanted: 0, trigger: "WEBHOOK", force: false, runId: null, attempts: 0, enqueuedAt: first });
    expect(all[5]).toEqual({ shopId, itemId: itemIds[5], locationId: "gid://shopify/Location/2", wanted: 50, trigger: "MANUAL", force: true, runId: "run-x", attempts: 0, enqueuedAt: first });

    // Item 2 was queued again (a newer quantity) after the writer read it: its row must survive.
    await prisma.pendingSync.update({
      where: { shopId_itemId_locationId: { shopId, itemId: itemIds[2], locationId: loc } },
      data: { wanted: 99, enqueuedAt: new Date(first.getTime() + 1000) },
    });
    const linksBefore = await prisma.itemLink.findMany({ where: { shopId }, orderBy: { itemId: "asc" } });
    const runId = await store.startRun(shopId, "PENDING");
    const at = new Date("2026-05-01T00:00:05.000Z");
    const written = (row: PendingRow, quantity: number): SyncOutcome => ({
      kind: "written", row, inventoryItemId: `gid://shopify/InventoryItem/${itemIds.indexOf(row.itemId) + 1}`, quantity, before: null, reason: "ALWAYS",
    });
    await store.recordOutcomes(shopId, runId, [written(all[0], 10), written(all[2], 12), written(all[5], 15)], at);
    await store.recordOutcomes(
      shopId,
      runId,
      [
        { kind: "failed", row: all[1], inventoryItemId: "gid://shopify/InventoryItem/2", quantity: 3, code: "INVALID_INVENTORY_ITEM", message: "gone" },
        { kind: "skipped", row: all[3], reason: "UNCHANGED", quantity: 4 },
      ],
      at,
    );

    const left = await prisma.pendingSync.findMany({ where: { shopId }, orderBy: { itemId: "asc" } });
    expect(left.map((r) => [r.itemId, r.wanted])).toEqual([
      [itemIds[2], 99],
      [itemIds[4], 4],
    ]);
    expect(await prisma.pendingSync.count({ where: { shopId: "elsewhere.myshopify.com" } })).toBe(1);
    const levels = await prisma.shopifyLevel.findMany({ where: { shopId }, orderBy: { inventoryItemId: "asc" } });
    expect(levels.map((l) => [l.inventoryItemId, l.locationId, l.knownQuantity, l.writtenQuantity, l.writtenAt?.toISOString()])).toEqual([
      ["gid://shopify/InventoryItem/1", loc, 10, 10, at.toISOString()],
      ["gid://shopify/InventoryItem/3", loc, 12, 12, at.toISOString()],
      ["gid://shopify/InventoryItem/6", "gid://shopify/Location/2", 15, 15, at.toISOString()],
    ]);
    const logs = await prisma.syncLog.findMany({ where: { shopId }, orderBy: { itemId: "asc" } });
    expect(logs.map((l) => ({ ...l, id: 0 }))).toEqual([
      { id: 0, shopId, itemId: itemIds[0], locationId: loc, trigger: "WEBHOOK", decision: "SYNCED", reason: "ALWAYS", quantityBefore: null, quantityAfter: 10, error: null, runId, createdAt: at },
      { id: 0, shopId, itemId: itemIds[1], locationId: loc, trigger: "WEBHOOK", decision: "FAILED", reason: "INVALID_INVENTORY_ITEM", quantityBefore: null, quantityAfter: 3, error: "INVALID_INVENTORY_ITEM: gone", runId, createdAt: at },
      { id: 0, shopId, itemId: itemIds[2], locationId: loc, trigger: "WEBHOOK", decision: "SYNCED", reason: "ALWAYS", quantityBefore: null, quantityAfter: 12, error: null, runId, createdAt: at },
      { id: 0, shopId, itemId: itemIds[3], locationId: loc, trigger: "WEBHOOK", decision: "SKIPPED", reason: "UNCHANGED", quantityBefore: null, quantityAfter: 4, error: null, runId, createdAt: at },
      { id: 0, shopId, itemId: itemIds[5], locationId: "gid://shopify/Location/2", trigger: "MANUAL", decision: "SYNCED", reason: "ALWAYS", quantityBefore: null, quantityAfter: 15, error: null, runId: "run-x", createdAt: at },
    ]);
    // The links are untouched (issue 11): the last sync is the levels' writtenAt, the error its own row.
    const links = await prisma.itemLink.findMany({ where: { shopId }, orderBy: { itemId: "asc" } });
    expect(links).toEqual(linksBefore);
    const errors = await prisma.itemSyncError.findMany({ where: { shopId } });
    expect(errors).toEqual([{ shopId, itemId: itemIds[1], error: "INVALID_INVENTORY_ITEM: gone", at }]);
    const status = await syncStatusOfLinks(prisma, shopId, links);
    expect(links.map((l) => [status.get(l.itemId)?.lastSyncedAt?.toISOString() ?? null, status.get(l.itemId)?.lastError])).toEqual([
      [at.toISOString(), null],
      [null, "INVALID_INVENTORY_ITEM: gone"],
      [at.toISOString(), null],
      [null, null],
      [null, null],
      [at.toISOString(), null],
      [null, null],
    ]);
  });

  // PostgreSQL records batches side by side, each in one statement: batches sharing items (the same item
  // at other locations) must all land, and an item written at one location and failed at another in one
  // batch shows the failure, as when the statements ran in order.
  it("records concurrent batches that share items, and a failure beside a success keeps the error", async () => {
    db = await createTestDb();
    const prisma = db.prisma;
    const shopId = "shared.myshopify.com";
    const locs = ["gid://shopify/Location/1", "gid://shopify/Location/2", "gid://shopify/Location/3"];
    const { itemIds } = await seedWriterDb(prisma, {
      shopId,
      locationId: locs[0],
      inventoryItemIds: Array.from({ length: 40 }, (_, i) => `gid://shopify/InventoryItem/${i + 1}`),
      quantity: () => 1,
    });
    await upsertPendingSyncs(prisma, locs.flatMap((locationId) => itemIds.map((itemId) => ({ shopId, itemId, locationId, wanted: 7, trigger: "WEBHOOK" as const }))));
    const store = new PrismaWriterStore(prisma);
    const rows = await store.nextPending(shopId, null, 1000);
    expect(rows).toHaveLength(120);
    const runId = await store.startRun(shopId, "PENDING");
    const at = new Date("2026-05-01T00:00:05.000Z");
    const inventoryItemId = (row: PendingRow) => `gid://shopify/InventoryItem/${itemIds.indexOf(row.itemId) + 1}`;
    const outcome = (row: PendingRow): SyncOutcome => ({ kind: "written", row, inventoryItemId: inventoryItemId(row), quantity: 7, before: null, reason: "ALWAYS" });
    // One batch per location, in opposite item orders, all recorded at once.
    await Promise.all(
      locs.map((loc, i) => {
        const batch = rows.filter((r) => r.locationId === loc);
        return store.recordOutcomes(shopId, runId, (i % 2 ? batch.reverse() : batch).map(outcome), at);
      }),
    );

    expect(await prisma.pendingSync.count({ where: { shopId } })).toBe(0);
    expect(await prisma.syncLog.count({ where: { shopId } })).toBe(120);
    expect(await prisma.shopifyLevel.count({ where: { shopId, writtenAt: at } })).toBe(120);

    // Item 0 written at a fourth location and failed at a fifth in one batch; item 1 failed only.
    const later = new Date(at.getTime() + 1000);
    const row = (itemId: string, locationId: string): PendingRow => ({ ...rows[0], itemId, locationId });
    await store.recordOutcomes(
      shopId,
      runId,
      [
        { kind: "written", row: row(itemIds[0], "gid://shopify/Location/4"), inventoryItemId: "gid://shopify/InventoryItem/1", quantity: 3, before: null, reason: "ALWAYS" },
        { kind: "failed", row: row(itemIds[0], "gid://shopify/Location/5"), inventoryItemId: "gid://shopify/InventoryItem/1", quantity: 3, code: "NOT_STOCKED", message: "no" },
        { kind: "failed", row: row(itemIds[1], "gid://shopify/Location/5"), inventoryItemId: "gid://shopify/InventoryItem/2", quantity: 3, code: "NOT_STOCKED", message: "no" },
      ],
      later,
    );
    const links = await prisma.itemLink.findMany({ where: { shopId }, orderBy: { itemId: "asc" } });
    expect(links).toHaveLength(40);
    const status = await syncStatusOfLinks(prisma, shopId, links);
    expect(links.slice(0, 3).map((l) => [status.get(l.itemId)?.lastSyncedAt?.toISOString(), status.get(l.itemId)?.lastError])).toEqual([
      [later.toISOString(), "NOT_STOCKED: no"],
      [at.toISOString(), "NOT_STOCKED: no"],
      [at.toISOString(), null],
    ]);
    expect(links.every((l) => status.get(l.itemId)?.lastSyncedAt != null)).toBe(true);
  });

  // The item's last error lives in ItemSyncError while its last write failed (issue 11): a later success
  // deletes the row, a failure beside a success in one batch keeps it, and of several failures of one
  // item in one batch the last error text (in the order record() groups them) wins. The ItemLink row
  // is never written.
  it("keeps an item's last error until a success clears it, without touching the link", async () => {
    db = await createTestDb();
    const prisma = db.prisma;
    const shopId = "errors.myshopify.com";
    const { itemIds } = await seedWriterDb(prisma, {
      shopId,
      locationId: "gid://shopify/Location/1",
      inventoryItemIds: Array.from({ length: 3 }, (_, i) => `gid://shopify/InventoryItem/${i + 1}`),
      quantity: () => 1,
    });
    const store = new PrismaWriterStore(prisma);
    const runId = await store.startRun(shopId, "PENDING");
    const linksBefore = await prisma.itemLink.findMany({ where: { shopId }, orderBy: { itemId: "asc" } });
    const row = (i: number, loc: number): PendingRow => ({
      shopId, itemId: itemIds[i], locationId: `gid://shopify/Location/${loc}`, wanted: 1, trigger: "WEBHOOK", force: false, runId: null, attempts: 0, enqueuedAt: new Date(0),
    });
    const ok = (i: number, loc: number): SyncOutcome => ({ kind: "written", row: row(i, loc), inventoryItemId: `gid://shopify/InventoryItem/${i + 1}`, quantity: 1, before: null, reason: "ALWAYS" });
    const bad = (i: number, loc: number, code: string): SyncOutcome => ({ kind: "failed", row: row(i, loc), inventoryItemId: `gid://shopify/InventoryItem/${i + 1}`, quantity: 1, code, message: "no" });
    const errors = async () => (await prisma.itemSyncError.findMany({ where: { shopId }, orderBy: { itemId: "asc" } })).map((e) => [itemIds.indexOf(e.itemId), e.error, e.at.toISOString()]);
    const t = (s: number) => new Date(Date.UTC(2026, 4, 1, 0, 0, s));

    // Item 0 fails; item 1 fails at two locations with different errors (the last group wins) and is
    // written at a third; item 2 is written.
    await store.recordOutcomes(shopId, runId, [bad(0, 1, "A"), ok(1, 1), bad(1, 2, "B"), bad(1, 3, "C"), ok(2, 1)], t(1));
    expect(await errors()).toEqual([
      [0, "A: no", t(1).toISOString()],
      [1, "C: no", t(1).toISOString()],
    ]);
    // Item 0 fails again (newer time), item 1 succeeds: its error goes.
    await store.recordOutcomes(shopId, runId, [bad(0, 1, "D"), ok(1, 1)], t(2));
    expect(await errors()).toEqual([[0, "D: no", t(2).toISOString()]]);
    // Item 0 succeeds: no error left.
    await store.recordOutcomes(shopId, runId, [ok(0, 1)], t(3));
    expect(await errors()).toEqual([]);

    expect(await prisma.itemLink.findMany({ where: { shopId }, orderBy: { itemId: "asc" } })).toEqual(linksBefore);
    const written = await prisma.shopifyLevel.findMany({ where: { shopId, writtenAt: { not: null } }, orderBy: { inventoryItemId: "asc" } });
    expect(written.map((l) => [l.inventoryItemId, l.writtenAt?.toISOString()])).toEqual([
      ["gid://shopify/InventoryItem/1", t(3).toISOString()],
      ["gid://shopify/InventoryItem/2", t(2).toISOString()],
      ["gid://shopify/InventoryItem/3", t(1).toISOString()],
    ]);
    // An error row goes with its link (an unmatched item has no last error).
    await store.recordOutcomes(shopId, runId, [bad(2, 1, "E")], t(4));
    await prisma.itemLink.delete({ where: { shopId_itemId: { shopId, itemId: itemIds[2] } } });
    expect(await errors()).toEqual([]);
  });

  // On SQLite the store runs its statements directly on the client's one connection (db/sql-runner.ts):
  // they must wait for another lane's open transaction, or its rollback would undo them.
  it("keeps what it recorded while another lane's transaction was open and then rolled back", async () => {
    db = await createTestDb();
    const prisma = db.prisma;
    const shopId = "lanes.myshopify.com";
    const loc = "gid://shopify/Location/1";
    const { itemIds } = await seedWriterDb(prisma, { shopId, locationId: loc, inventoryItemIds: ["gid://shopify/InventoryItem/1"], quantity: () => 1 });
    await upsertPendingSyncs(prisma, [{ shopId, itemId: itemIds[0], locationId: loc, wanted: 1, trigger: "WEBHOOK" }]);
    const store = new PrismaWriterStore(prisma);
    const [row] = await store.nextPending(shopId, null, 10);
    const runId = await store.startRun(shopId, "PENDING");

    let rollBack!: () => void;
    const release = new Promise<void>((r) => (rollBack = r));
    let opened!: () => void;
    const open = new Promise<void>((r) => (opened = r));
    const otherLane = prisma
      .$transaction(async (tx) => {
        await tx.lease.create({ data: { name: "other-lane", owner: "a", expiresAt: new Date() } });
        opened();
        await release;
        throw new Error("rolled back");
      })
      .catch((e: Error) => e.message);
    await open;
    const recording = store.recordOutcomes(shopId, runId, [{ kind: "written", row, inventoryItemId: "gid://shopify/InventoryItem/1", quantity: 1, before: 0, reason: "ALWAYS" }], new Date());
    await Promise.race([recording, new Promise((r) => setTimeout(r, 50))]);
    rollBack();
    expect(await otherLane).toBe("rolled back");
    await recording;

    expect(await prisma.lease.count()).toBe(0);
    expect(await prisma.pendingSync.count({ where: { shopId } })).toBe(0);
    expect(await prisma.syncLog.count({ where: { shopId } })).toBe(1);
    expect(await prisma.shopifyLevel.count({ where: { shopId } })).toBe(1);
  });
});

// The plan the database picks for the writer's page query, on a pending set bulk-enqueued into a table
// that has not been analyzed yet (autovacuum off so it stays that way): PostgreSQL then guesses the shop
// holds 0.5% of the rows, and planned for a LIMIT above that guess it read and sorted every row after
// the cursor for each page. The page must come from walking the primary key in order, with no sort.
describe("pending page plan", () => {
  it("walks the primary key in order without sorting, before the table has statistics", async () => {
    db = await createTestDb();
    const { prisma } = db;
    const d = dialectOf(prisma);
    if (d.name === "postgresql") await prisma.$executeRawUnsafe(`ALTER TABLE "PendingSync" SET (autovacuum_enabled = false)`);
    const shopId = "plan.myshopify.com";
    const loc = "gid://shopify/Location/1";
    const ids = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => `item-${String(i).padStart(6, "0")}`));
    await prisma.$executeRaw`INSERT INTO "PendingSync" ("shopId", "itemId", "locationId", "wanted", "trigger", "force", "attempts", "enqueuedAt")
      SELECT ${d.text(shopId)}, j.value, ${d.text(loc)}, 5, 'WEBHOOK', false, 0, ${d.timestamp(new Date())} FROM ${d.jsonTextRows(ids)} j`;

    const cursor = { itemId: "item-000100", locationId: loc, enqueuedAt: new Date() };
    const query = nextPendingQuery(d, shopId, cursor, 250);
    const plan =
      d.name === "postgresql"
        ? JSON.stringify(await prisma.$queryRawUnsafe(`EXPLAIN (FORMAT JSON) ${query.text}`, ...query.values))
        : (await prisma.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${query.sql}`, ...query.values)).map((r) => r.detail).join("\n");
    if (d.name === "postgresql") {
      expect(plan).toMatch(/"Index Name":\s*"PendingSync_pkey"/);
      expect(plan).not.toMatch(/"Node Type":\s*"(Sort|Bitmap Heap Scan)"/);
    } else {
      expect(plan).toMatch(/USING (COVERING )?INDEX sqlite_autoindex_PendingSync_1|USING PRIMARY KEY/);
      expect(plan).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    }
    // And it is the right page.
    const rows = await new PrismaWriterStore(prisma).nextPending(shopId, cursor, 250);
    expect(rows.map((r) => r.itemId)).toEqual(Array.from({ length: 250 }, (_, i) => `item-${String(101 + i).padStart(6, "0")}`));
  });
});

describe("batch record plan", () => {
  // PostgreSQL only: SQLite records a batch with record()'s statements, and its planner does not plan
  // from table statistics, so this failure mode does not exist there.
  it.skipIf(testBackend() !== "postgres")("finds a batch's pending rows, links and error rows by key, before the tables have statistics", async () => {
    db = await createTestDb();
    const { prisma } = db;
    const d = dialectOf(prisma);
    for (const table of ["PendingSync", "ItemLink", "ItemSyncError"]) await prisma.$executeRawUnsafe(`ALTER TABLE "${table}" SET (autovacuum_enabled = false)`);
    const shopId = "plan.myshopify.com";
    const loc = "gid://shopify/Location/1";
    const n = 20_000;
    const inventoryItemIds = Array.from({ length: n }, (_, i) => `gid://shopify/InventoryItem/${i + 1}`);
    const { itemIds } = await seedWriterDb(prisma, { shopId, locationId: loc, inventoryItemIds, quantity: () => 1 });
    const at = new Date();
    await prisma.$executeRaw`INSERT INTO "PendingSync" ("shopId", "itemId", "locationId", "wanted", "trigger", "force", "attempts", "enqueuedAt")
      SELECT ${d.text(shopId)}, j.value, ${d.text(loc)}, 5, 'WEBHOOK', false, 0, ${d.timestamp(at)} FROM ${d.jsonTextRows(JSON.stringify(itemIds))} j`;

    const outcomes: SyncOutcome[] = itemIds.slice(5_000, 5_250).map((itemId, k) => ({
      kind: "written",
      row: { shopId, itemId, locationId: loc, wanted: 5, trigger: "WEBHOOK", force: false, runId: null, attempts: 0, enqueuedAt: at },
      inventoryItemId: inventoryItemIds[5_000 + k],
      quantity: 5,
      before: 1,
      reason: "ALWAYS",
    }));
    // Two failures: their error rows are written for linked items only (a join with ItemLink).
    for (const k of [5_250, 5_251]) {
      const row = { shopId, itemId: itemIds[k], locationId: loc, wanted: 5, trigger: "WEBHOOK" as const, force: false, runId: null, attempts: 0, enqueuedAt: at };
      outcomes.push({ kind: "failed", row, inventoryItemId: inventoryItemIds[k], quantity: 5, code: "X", message: "y" });
    }
    const statement = recordStatementPostgres(shopId, "run-1", outcomes, at);
    const [{ "QUERY PLAN": plan }] = await prisma.$queryRawUnsafe<Array<{ "QUERY PLAN": unknown }>>(`EXPLAIN (FORMAT JSON) ${statement.text}`, ...statement.values);
    const scans: Array<{ relation: string; type: string; indexCond: string }> = [];
    const walk = (node: Record<string, unknown>) => {
      const relation = node["Relation Name"];
      if ((relation === "PendingSync" || relation === "ItemLink" || relation === "ItemSyncError") && String(node["Node Type"]).endsWith("Scan")) {
        // A bitmap heap scan carries its index's condition as its Recheck Cond.
        scans.push({ relation, type: String(node["Node Type"]), indexCond: String(node["Index Cond"] ?? node["Recheck Cond"] ?? "") });
      }
      for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
    };
    walk((plan as Array<{ Plan: Record<string, unknown> }>)[0].Plan);
    // ItemLink only for the failures' error rows: a success no longer updates it (issue 11).
    expect(scans.map((s) => s.relation).sort()).toEqual(["ItemLink", "ItemSyncError", "PendingSync"]);
    // Each table is reached through the batch's item ids, not the shop's whole range.
    for (const s of scans) expect(s, JSON.stringify(s)).toMatchObject({ indexCond: expect.stringContaining("itemId") });
  });
});

describe("pending page with decision inputs plan", () => {
  // PostgreSQL only: SQLite reads the page and the inputs apart (nextPendingPage), in process.
  it.skipIf(testBackend() !== "postgres")("reaches every table through the page's item ids, before the tables have statistics", async () => {
    db = await createTestDb();
    const { prisma } = db;
    const d = dialectOf(prisma);
    const tables = ["PendingSync", "Item", "ItemWarehouseStock", "ShipNoticeLine", "ItemLink", "ShopifyLevel", "InFlightLine"];
    for (const table of tables) await prisma.$executeRawUnsafe(`ALTER TABLE "${table}" SET (autovacuum_enabled = false)`);
    const shopId = "plan.myshopify.com";
    const loc = "gid://shopify/Location/1";
    const inventoryItemIds = Array.from({ length: 20_000 }, (_, i) => `gid://shopify/InventoryItem/${i + 1}`);
    const { customerId, itemIds } = await seedWriterDb(prisma, { shopId, locationId: loc, inventoryItemIds, quantity: () => 1 });
    await prisma.$executeRaw`INSERT INTO "PendingSync" ("shopId", "itemId", "locationId", "wanted", "trigger", "force", "attempts", "enqueuedAt")
      SELECT ${d.text(shopId)}, j.value, ${d.text(loc)}, 5, 'WEBHOOK', false, 0, ${d.timestamp(new Date())} FROM ${d.jsonTextRows(JSON.stringify(itemIds))} j`;
    const sorted = [...itemIds].sort();
    const cursor = { itemId: sorted[10_000], locationId: loc, enqueuedAt: new Date() };

    const { queries, shared } = nextPendingPageParts(d, shopId, customerId, cursor, 250);
    const statement = combinedJsonRows(queries, shared);
    const [{ "QUERY PLAN": plan }] = await prisma.$queryRawUnsafe<Array<{ "QUERY PLAN": unknown }>>(`EXPLAIN (FORMAT JSON) ${statement.text}`, ...statement.values);
    const scans: Array<{ relation: string; type: string }> = [];
    const walk = (node: Record<string, unknown>) => {
      const relation = String(node["Relation Name"] ?? "");
      if (tables.includes(relation) && String(node["Node Type"]).endsWith("Scan")) scans.push({ relation, type: String(node["Node Type"]) });
      for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
    };
    walk((plan as Array<{ Plan: Record<string, unknown> }>)[0].Plan);
    expect(scans.map((s) => s.relation).sort()).toEqual([...tables].sort());
    // By index (the page's ids or the cursor), never a read of the whole table.
    for (const s of scans) expect(s.type, JSON.stringify(s)).not.toBe("Seq Scan");

    // And it is the right page, with the inputs of its items.
    const page = await new PrismaWriterStore(prisma).nextPendingPage(shopId, cursor, 250);
    expect(page.rows.map((r) => r.itemId)).toEqual(sorted.slice(10_001, 10_251));
    expect([...page.context.items.keys()].sort()).toEqual(sorted.slice(10_001, 10_251));
  });
});
