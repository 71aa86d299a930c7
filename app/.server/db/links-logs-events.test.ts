import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/support/test-db";
import { planSyncs } from "../../domain";
import { upsertCustomer } from "./customers";
import {
  bodyDedupeKey,
  countInboundEventsByOutcome,
  getInboundEvent,
  lastInboundEventAt,
  listInboundEvents,
  markOutcome,
  storeInboundEvent,
} from "./inbound-events";
import {
  deleteLink,
  findLinkByInventoryItemId,
  getLevel,
  getLink,
  knownLevels,
  knownLevelsForItems,
  linksForItem,
  linkStatesForItems,
  listLinksForShop,
  recordKnown,
  recordSnapshotLevels,
  recordWritten,
  recordWrittenMany,
  setLinkDrift,
  setLinkError,
  setLinkTracked,
  syncStatusOfLinks,
  upsertLink,
} from "./item-links";
import { loadItemStates, upsertImportedItem } from "./items";
import { getShopPrefs, upsertShop } from "./shops";
import { appendSyncLogs, countSyncLogByReason, listSyncLogForItem, listSyncLogForRun, pruneSyncLog, skipLogRows, writtenLogRow } from "./sync-log";

let db: TestDb;
let customerId: string;
const SHOP = "links.myshopify.com";
const OTHER_SHOP = "other.myshopify.com";
const item: Record<string, string> = {};
const t = (minute: number) => new Date(Date.UTC(2026, 6, 1, 12, minute));

beforeAll(async () => {
  db = await createTestDb();
  customerId = (await upsertCustomer(db.prisma, { whiplashCustomerId: 77 })).id;
  await upsertShop(db.prisma, { id: SHOP, customerId, defaultLocationId: "L1" });
  await upsertShop(db.prisma, { id: OTHER_SHOP, customerId });
  for (const n of [1, 2, 3]) item[n] = (await upsertImportedItem(db.prisma, customerId, { whiplashItemId: n, sku: `S${n}` })).id;
});
afterAll(async () => db.drop());

describe("item links", () => {
  it("round-trips every field and scopes by shop", async () => {
    const link = await upsertLink(db.prisma, {
      shopId: SHOP,
      itemId: item[1],
      productId: "gid://shopify/Product/1",
      variantId: "gid://shopify/ProductVariant/11",
      inventoryItemId: "gid://shopify/InventoryItem/111",
      productTitle: "Tee",
      variantTitle: "M",
      tracked: true,
    });
    expect(link).toMatchObject({
      shopId: SHOP,
      itemId: item[1],
      productId: "gid://shopify/Product/1",
      variantId: "gid://shopify/ProductVariant/11",
      inventoryItemId: "gid://shopify/InventoryItem/111",
      productTitle: "Tee",
      variantTitle: "M",
      tracked: true,
      driftDetectedAt: null,
    });
    expect(await getLink(db.prisma, SHOP, item[1])).toEqual(link);
    expect(await getLink(db.prisma, OTHER_SHOP, item[1])).toBeNull();
    expect(await findLinkByInventoryItemId(db.prisma, SHOP, "gid://shopify/InventoryItem/111")).toEqual(link);
    expect(await findLinkByInventoryItemId(db.prisma, OTHER_SHOP, "gid://shopify/InventoryItem/111")).toBeNull();

    await setLinkTracked(db.prisma, SHOP, "gid://shopify/InventoryItem/111", false);
    expect(await setLinkError(db.prisma, SHOP, item[1], "INVALID_INVENTORY_ITEM", t(4))).toBe(true);
    expect(await setLinkError(db.prisma, OTHER_SHOP, item[1], "INVALID_INVENTORY_ITEM")).toBe(false); // not linked there
    await setLinkDrift(db.prisma, SHOP, item[1], t(5));
    expect(await getLink(db.prisma, SHOP, item[1])).toMatchObject({ tracked: false, driftDetectedAt: t(5) });
    const status = () => syncStatusOfLinks(db.prisma, SHOP, [{ itemId: item[1], inventoryItemId: "gid://shopify/InventoryItem/111" }]);
    expect(await status()).toEqual(new Map([[item[1], { lastSyncedAt: null, lastError: "INVALID_INVENTORY_ITEM" }]]));
    // The last sync is the newest write of the link's inventory item at any location.
    await recordWritten(db.prisma, SHOP, "gid://shopify/InventoryItem/111", "L1", 3, t(6));
    await recordWritten(db.prisma, SHOP, "gid://shopify/InventoryItem/111", "L2", 3, t(7));
    expect(await setLinkError(db.prisma, SHOP, item[1], null)).toBe(true);
    expect(await status()).toEqual(new Map([[item[1], { lastSyncedAt: t(7), lastError: null }]]));
    await db.prisma.shopifyLevel.deleteMany({ where: { shopId: SHOP, inventoryItemId: "gid://shopify/InventoryItem/111" } });
    expect(await linkStatesForItems(db.prisma, SHOP, [item[1], item[2]])).toEqual(
      new Map([[item[1], { inventoryItemId: "gid://shopify/InventoryItem/111", tracked: false }]]),
    );
  });

  it("moves an inventory item to the item its SKU now matches (one link per inventory item per shop)", async () => {
    const base = { productId: "p", variantId: "v", tracked: true };
    await upsertLink(db.prisma, { shopId: SHOP, itemId: item[2], inventoryItemId: "gid://shopify/InventoryItem/222", ...base });
    await upsertLink(db.prisma, { shopId: SHOP, itemId: item[3], inventoryItemId: "gid://shopify/InventoryItem/222", ...base });
    expect(await getLink(db.prisma, SHOP, item[2])).toBeNull();
    expect((await getLink(db.prisma, SHOP, item[3]))?.inventoryItemId).toBe("gid://shopify/InventoryItem/222");
    await upsertLink(db.prisma, { shopId: OTHER_SHOP, itemId: item[3], inventoryItemId: "gid://shopify/InventoryItem/222", ...base });
    expect((await linksForItem(db.prisma, customerId, item[3])).map((l) => l.shopId)).toEqual([OTHER_SHOP, SHOP].sort());
    expect(await linksForItem(db.prisma, "someone-else", item[3])).toEqual([]);
    expect((await listLinksForShop(db.prisma, SHOP)).map((l) => l.itemId)).toEqual([item[1], item[3]].sort());
    expect(await deleteLink(db.prisma, OTHER_SHOP, item[3])).toBe(true);
    expect(await deleteLink(db.prisma, OTHER_SHOP, item[3])).toBe(false);
  });

  it("records written and known Shopify levels; a late known value does not overwrite a newer one", async () => {
    const ii = "gid://shopify/InventoryItem/111";
    await recordWritten(db.prisma, SHOP, ii, "L1", 12, t(10));
    expect(await getLevel(db.prisma, SHOP, ii, "L1")).toEqual({
      inventoryItemId: ii,
      locationId: "L1",
      knownQuantity: 12,
      knownAt: t(10),
      writtenQuantity: 12,
      writtenAt: t(10),
    });
    expect(await recordKnown(db.prisma, SHOP, ii, "L1", 9, t(9))).toBe(false); // older than our write
    expect(await recordKnown(db.prisma, SHOP, ii, "L1", 8, t(11))).toBe(true);
    expect(await getLevel(db.prisma, SHOP, ii, "L1")).toMatchObject({ knownQuantity: 8, knownAt: t(11), writtenQuantity: 12 });
    expect(await recordKnown(db.prisma, SHOP, ii, "L2", null, t(1))).toBe(true); // new row, unknown quantity
    expect(await getLevel(db.prisma, OTHER_SHOP, ii, "L1")).toBeNull();

    await recordWrittenMany(db.prisma, SHOP, [
      { inventoryItemId: "gid://shopify/InventoryItem/222", locationId: "L1", quantity: 0 },
      { inventoryItemId: "gid://shopify/InventoryItem/222", locationId: "L2", quantity: 4 },
    ], t(12));
    expect(await knownLevels(db.prisma, SHOP, [ii, "gid://shopify/InventoryItem/222", "none"])).toEqual(
      new Map([
        [ii, { L1: 8, L2: null }],
        ["gid://shopify/InventoryItem/222", { L1: 0, L2: 4 }],
      ]),
    );
    expect(await knownLevelsForItems(db.prisma, SHOP, [item[1], item[2], item[3]])).toEqual(
      new Map([
        [item[1], { L1: 8, L2: null }],
        [item[3], { L1: 0, L2: 4 }],
      ]),
    );
  });

  it("a snapshot's levels are known as of the snapshot and never replace a level learned later (issue 12, item 8)", async () => {
    const ii = (n: number) => `gid://shopify/InventoryItem/snap-${n}`;
    await recordWritten(db.prisma, SHOP, ii(1), "L1", 30, t(20)); // written after the snapshot started (t(15))
    await recordWritten(db.prisma, SHOP, ii(2), "L1", 12, t(10)); // known before it
    await recordKnown(db.prisma, SHOP, ii(3), "L1", null, t(15)); // known as of the same instant
    await recordKnown(db.prisma, OTHER_SHOP, ii(1), "L1", 1, t(1)); // another shop's level
    const snapshot = [1, 2, 3, 4].map((n) => ({ inventoryItemId: ii(n), locationId: "L1", quantity: 25 }));
    expect(await recordSnapshotLevels(db.prisma, SHOP, snapshot, t(15))).toBe(2); // ii(2) updated, ii(4) created

    expect(await getLevel(db.prisma, SHOP, ii(1), "L1")).toMatchObject({ knownQuantity: 30, knownAt: t(20), writtenQuantity: 30 });
    expect(await getLevel(db.prisma, SHOP, ii(2), "L1")).toMatchObject({ knownQuantity: 25, knownAt: t(15), writtenQuantity: 12, writtenAt: t(10) });
    expect(await getLevel(db.prisma, SHOP, ii(3), "L1")).toMatchObject({ knownQuantity: null, knownAt: t(15) });
    expect(await getLevel(db.prisma, SHOP, ii(4), "L1")).toMatchObject({ knownQuantity: 25, knownAt: t(15), writtenQuantity: null });
    expect(await getLevel(db.prisma, OTHER_SHOP, ii(1), "L1")).toMatchObject({ knownQuantity: 1, knownAt: t(1) });
    // A later webhook (between the snapshot and now) is newer than what the snapshot stored.
    expect(await recordKnown(db.prisma, SHOP, ii(2), "L1", 11, t(16))).toBe(true);
    expect(await recordSnapshotLevels(db.prisma, SHOP, [], t(15))).toBe(0);
  });

  it("loads exactly what planSyncs needs", async () => {
    const ids = [item[1], item[2], item[3]];
    const [shop, states, links, known] = await Promise.all([
      getShopPrefs(db.prisma, SHOP),
      loadItemStates(db.prisma, ids, { customerId }),
      linkStatesForItems(db.prisma, SHOP, ids),
      knownLevelsForItems(db.prisma, SHOP, ids),
    ]);
    const plan = planSyncs(
      shop!,
      { defaultSyncSetting: "ALWAYS", processOrdersMode: "MANUAL", defaultBuffer: 0 },
      ids.map((id) => ({ itemId: id, item: states.get(id)!, link: links.get(id) ?? null, known: known.get(id) ?? {}, trigger: "MANUAL" as const })),
    );
    expect(plan.writes.map(({ request: _request, ...w }) => w)).toEqual([
      { itemId: item[3], inventoryItemId: "gid://shopify/InventoryItem/222", locationId: "L1", quantity: 0, before: 0, reason: "ALWAYS" },
    ]);
    expect(plan.skips.map((s) => [s.itemId, s.reason])).toEqual([
      [item[1], "NOT_TRACKED"],
      [item[2], "UNMATCHED"],
    ]);
  });
});

describe("sync log", () => {
  it("appends in batches, lists an item's log newest first, counts by reason", async () => {
    const plan = {
      writes: [{ itemId: item[1], inventoryItemId: "ii", locationId: "L1", quantity: 5, before: 3, reason: "PROCESSING_ORDERS" as const }],
      skips: [
        { itemId: item[1], locationId: "L1", reason: "UNCHANGED" as const, quantity: 5 },
        { itemId: item[2], locationId: null, reason: "NO_LOCATION" as const, quantity: null },
      ],
    };
    const rows = [
      writtenLogRow(SHOP, "WEBHOOK", plan.writes[0], "run-1"),
      ...skipLogRows(SHOP, "WEBHOOK", plan.skips, { runId: "run-1", knownBefore: (s) => (s.locationId ? 5 : null) }),
      { shopId: SHOP, itemId: item[1], locationId: "L1", trigger: "BULK" as const, decision: "FAILED" as const, reason: "INVALID_INVENTORY_ITEM", error: "gone", runId: "run-2", createdAt: t(30) },
      { shopId: OTHER_SHOP, itemId: item[1], locationId: "L9", trigger: "BULK" as const, decision: "SKIPPED" as const, reason: "STORE_SYNC_OFF" },
    ];
    expect(await appendSyncLogs(db.prisma, rows)).toBe(5);
    const many = Array.from({ length: 1203 }, (_, i) => ({
      shopId: OTHER_SHOP,
      itemId: item[2],
      locationId: null,
      trigger: "BULK" as const,
      decision: "SKIPPED" as const,
      reason: "UNMATCHED",
      runId: "big",
      createdAt: t(i % 50),
    }));
    expect(await appendSyncLogs(db.prisma, many)).toBe(1203);

    const log = await listSyncLogForItem(db.prisma, SHOP, item[1]);
    expect(log.map((r) => [r.decision, r.reason])).toEqual([
      ["FAILED", "INVALID_INVENTORY_ITEM"],
      ["SKIPPED", "UNCHANGED"],
      ["SYNCED", "PROCESSING_ORDERS"],
    ]);
    expect(log[0]).toMatchObject({ shopId: SHOP, itemId: item[1], locationId: "L1", trigger: "BULK", error: "gone", runId: "run-2", createdAt: t(30), quantityBefore: null, quantityAfter: null });
    expect(log[2]).toMatchObject({ trigger: "WEBHOOK", quantityBefore: 3, quantityAfter: 5, runId: "run-1", error: null });
    expect(log[1]).toMatchObject({ quantityBefore: 5, quantityAfter: 5 });
    expect(await listSyncLogForItem(db.prisma, SHOP, item[1], { take: 1, beforeId: log[0].id })).toEqual([log[1]]);
    expect(await listSyncLogForItem(db.prisma, "nobody.myshopify.com", item[1])).toEqual([]);

    expect(await countSyncLogByReason(db.prisma, SHOP)).toEqual([
      { decision: "FAILED", reason: "INVALID_INVENTORY_ITEM", count: 1 },
      { decision: "SKIPPED", reason: "NO_LOCATION", count: 1 },
      { decision: "SKIPPED", reason: "UNCHANGED", count: 1 },
      { decision: "SYNCED", reason: "PROCESSING_ORDERS", count: 1 },
    ]);
    expect(await countSyncLogByReason(db.prisma, OTHER_SHOP, { runId: "big" })).toEqual([{ decision: "SKIPPED", reason: "UNMATCHED", count: 1203 }]);
    expect((await listSyncLogForRun(db.prisma, SHOP, "run-1")).map((r) => r.reason)).toEqual(["PROCESSING_ORDERS", "UNCHANGED", "NO_LOCATION"]);
    // Retention: only the shop's rows older than the cut are removed.
    const older = many.filter((r) => r.createdAt < t(25)).length;
    expect(await pruneSyncLog(db.prisma, OTHER_SHOP, t(25))).toBe(older);
    expect(await countSyncLogByReason(db.prisma, OTHER_SHOP, { runId: "big" })).toEqual([{ decision: "SKIPPED", reason: "UNMATCHED", count: 1203 - older }]);
    expect((await countSyncLogByReason(db.prisma, SHOP)).reduce((n, g) => n + g.count, 0)).toBe(4);
  });
});

describe("inbound events", () => {
  it("stores an event once per (source, dedupe key), round-trips it, and marks its outcome", async () => {
    const body = '{"event_name":"item.out_of_stock","item":{"id":1}}';
    const first = await storeInboundEvent(db.prisma, {
      source: "whiplash",
      topic: "item.out_of_stock",
      dedupeKey: bodyDedupeKey(body),
      rawBody: body,
      customerId,
      receivedAt: t(1),
    });
    expect(first.duplicate).toBe(false);
    const again = await storeInboundEvent(db.prisma, { source: "whiplash", topic: "item.out_of_stock", dedupeKey: bodyDedupeKey(body), rawBody: body, customerId });
    expect(again).toEqual({ id: first.id, duplicate: true });
    const otherSource = await storeInboundEvent(db.prisma, { source: "SHOPIFY", topic: "x", dedupeKey: bodyDedupeKey(body), rawBody: "{}", shopId: SHOP, receivedAt: t(2) });
    expect(otherSource.duplicate).toBe(false);

    expect(await getInboundEvent(db.prisma, first.id)).toEqual({
      id: first.id,
      source: "whiplash",
      topic: "item.out_of_stock",
      dedupeKey: bodyDedupeKey(body),
      rawBody: body,
      customerId,
      shopId: null,
      receivedAt: t(1),
      outcome: "PENDING",
      outcomeDetail: null,
      processedAt: null,
    });
    expect(await markOutcome(db.prisma, first.id, "STALE", "older than item.lastEventAt", t(3))).toBe(true);
    expect(await markOutcome(db.prisma, "missing", "APPLIED")).toBe(false);
    expect(await getInboundEvent(db.prisma, first.id)).toMatchObject({ outcome: "STALE", outcomeDetail: "older than item.lastEventAt", processedAt: t(3) });

    expect((await listInboundEvents(db.prisma, { customerId })).map((e) => e.id)).toEqual([first.id]);
    expect((await listInboundEvents(db.prisma, { shopId: SHOP })).map((e) => e.id)).toEqual([otherSource.id]);
    expect(await listInboundEvents(db.prisma, { customerId }, { outcome: "APPLIED" })).toEqual([]);
    expect(await countInboundEventsByOutcome(db.prisma, { customerId })).toEqual({ STALE: 1 });
    expect(await lastInboundEventAt(db.prisma, { shopId: SHOP })).toEqual(t(2));
    expect(await lastInboundEventAt(db.prisma, { customerId: "nobody" })).toBeNull();
  });
});
