// The Items page's query service against a real database (SQLite, and PostgreSQL in the postgres leg): filters, search, sort, paging, and the
// decision filter agreeing with the domain core row by row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/test-db";
import { seedConnectedShop, type SeededShop } from "../support/ui/catalog";
import { listItems, parseItemListQuery } from "../../app/.server/views/item-list";
import { loadConnectedScope, type ConnectedScope } from "../../app/.server/db/shop-scope";
import { DECISION_FILTERS } from "../../app/.server/db/decision-sql";
import { setLinkError } from "../../app/.server/db/item-links";

let db: TestDb;
let seeded: SeededShop;
let scope: ConnectedScope;
const SHOP = "list-a.myshopify.com";

beforeAll(async () => {
  db = await createTestDb();
  seeded = await seedConnectedShop(db.prisma, SHOP, [
    { sku: "HOOD-1", title: "Black Hoodie", syncSetting: "ALWAYS", stock: { 1: 10 }, known: 10 },
    { sku: "HOOD-2", title: "Grey Hoodie", syncSetting: "NEVER", stock: { 1: 4 }, known: 9 },
    { sku: "CAP-1", title: "Cap", processOrders: true, received: true, stock: { 1: 7 }, known: 3 },
    { sku: "CAP-2", title: "Cap 2", processOrders: false, stock: { 1: 0 } },
    { sku: "MUG-1", title: "Mug", tracked: false, stock: { 1: 2 } },
    { sku: "LONE-1", title: "Unlinked", linked: false },
  ]);
  // Another shop's items must never appear.
  await seedConnectedShop(db.prisma, "list-b.myshopify.com", [{ sku: "HOOD-9", title: "Other Hoodie" }]);
  scope = (await loadConnectedScope(db.prisma, SHOP))!;
});
afterAll(() => db.drop());

const list = (qs: string) => listItems(db.prisma, scope, parseItemListQuery(new URLSearchParams(qs)));

describe("listItems", () => {
  it("lists the shop's matched items only, sorted by SKU", async () => {
    const page = await list("");
    expect(page.total).toBe(5);
    expect(page.rows.map((r) => r.sku)).toEqual(["CAP-1", "CAP-2", "HOOD-1", "HOOD-2", "MUG-1"]);
  });

  it("searches SKU and title", async () => {
    expect((await list("q=hood")).rows.map((r) => r.sku)).toEqual(["HOOD-1", "HOOD-2"]);
    expect((await list("q=Mug")).rows.map((r) => r.sku)).toEqual(["MUG-1"]);
    expect((await list("q=%25")).total).toBe(0);
  });

  it("filters by setting, Process Orders, received and mismatch", async () => {
    expect((await list("setting=NEVER")).rows.map((r) => r.sku)).toEqual(["HOOD-2"]);
    expect((await list("po=on")).rows.map((r) => r.sku)).toEqual(["CAP-1"]);
    expect((await list("received=yes")).rows.map((r) => r.sku)).toEqual(["CAP-1"]);
    expect((await list("mismatch=yes")).rows.map((r) => r.sku)).toEqual(["CAP-1", "HOOD-2"]);
  });

  it("counts units in orders Whiplash has not imported: Shopify at stock less those units is not a mismatch (rule 3.9)", async () => {
    // HOOD-1: Whiplash 10, Shopify 10. A customer buys 3 in Shopify; Whiplash has not imported the order.
    const item = seeded.items.find((i) => i.sku === "HOOD-1")!;
    const location = scope.prefs.defaultLocationId!;
    const inFlight = async (units: number, known: number) => {
      await db.prisma.inFlightLine.deleteMany({ where: { shopId: SHOP } });
      await db.prisma.inFlightOrder.deleteMany({ where: { shopId: SHOP } });
      if (units > 0) {
        await db.prisma.inFlightOrder.create({
          data: { shopId: SHOP, orderId: "9001", seenAt: new Date(), lines: { create: [{ itemId: item.id, locationId: location, units }] } },
        });
      }
      await db.prisma.shopifyLevel.updateMany({ where: { shopId: SHOP, locationId: location, inventoryItemId: item.inventoryItemId }, data: { knownQuantity: known } });
    };
    const hood1 = async () => {
      const row = (await list("q=HOOD-1")).rows[0];
      const filtered = (await list("mismatch=yes")).rows.some((r) => r.sku === "HOOD-1");
      return { mismatch: row.mismatch, filtered, publish: row.publishTotal, inFlight: row.unitsInFlight };
    };
    try {
      await inFlight(3, 7);
      expect(await hood1()).toEqual({ mismatch: false, filtered: false, publish: 7, inFlight: 3 });
      // Shopify still shows the old 10 while 3 are in flight: the writer would publish 7, so it is one.
      await inFlight(3, 10);
      expect(await hood1()).toEqual({ mismatch: true, filtered: true, publish: 7, inFlight: 3 });
    } finally {
      await inFlight(0, 10);
    }
    expect(await hood1()).toEqual({ mismatch: false, filtered: false, publish: 10, inFlight: 0 });
  });

  it("filters by decision exactly as the domain core decides each row", async () => {
    const all = (await list("")).rows;
    for (const reason of DECISION_FILTERS) {
      const got = (await list(`reason=${reason}`)).rows.map((r) => r.sku);
      const want = all
        .filter((r) => (reason === "SYNC" ? r.decision === "sync" : reason === "SKIP" ? r.decision === "skip" : r.reason === reason))
        .map((r) => r.sku);
      expect(got, reason).toEqual(want);
    }
    expect((await list("reason=NEVER")).rows.map((r) => r.sku)).toEqual(["HOOD-2"]);
    expect((await list("reason=NOT_PROCESSING_ORDERS")).rows.map((r) => r.sku)).toEqual(["CAP-2"]);
  });

  it("sorts by quantities and pages", async () => {
    expect((await list("sort=whiplash&dir=desc")).rows.map((r) => r.sku)).toEqual(["HOOD-1", "CAP-1", "HOOD-2", "MUG-1", "CAP-2"]);
    expect((await list("sort=shopify&dir=asc")).rows.map((r) => r.sku).slice(0, 3)).toEqual(["CAP-1", "HOOD-2", "HOOD-1"]);
    const p2 = await listItems(db.prisma, scope, parseItemListQuery(new URLSearchParams("page=2")), { pageSize: 2 });
    expect(p2.rows.map((r) => r.sku)).toEqual(["HOOD-1", "HOOD-2"]);
    expect(p2.hasNext && p2.hasPrevious).toBe(true);
    expect(p2.pageCount).toBe(3);
  });

  it("sorts by last sync, never-synced items last in either direction", async () => {
    // The last sync is our newest write of the item's inventory item at any location (ShopifyLevel.writtenAt,
    // issue 11: the link no longer stores it).
    const location = scope.prefs.defaultLocationId!;
    const other = "gid://shopify/Location/elsewhere";
    const written = async (sku: string, locationId: string, at: string) => {
      const link = await db.prisma.itemLink.findFirstOrThrow({ where: { shopId: SHOP, item: { sku } } });
      const key = { shopId: SHOP, inventoryItemId: link.inventoryItemId, locationId };
      await db.prisma.shopifyLevel.upsert({ where: { shopId_inventoryItemId_locationId: key }, create: { ...key, writtenAt: new Date(at) }, update: { writtenAt: new Date(at) } });
    };
    await written("HOOD-1", location, "2026-01-01T00:00:00Z");
    await written("CAP-1", location, "2025-06-01T00:00:00Z");
    await written("CAP-1", other, "2026-01-02T00:00:00Z"); // CAP-1's newest write
    try {
      const asc = await list("sort=synced&dir=asc");
      const desc = await list("sort=synced&dir=desc");
      expect(asc.rows.map((r) => r.sku).slice(0, 2)).toEqual(["HOOD-1", "CAP-1"]);
      expect(desc.rows.map((r) => r.sku).slice(0, 2)).toEqual(["CAP-1", "HOOD-1"]);
      expect([asc, desc].map((page) => page.rows.map((r) => r.sku).slice(2).sort())).toEqual([
        ["CAP-2", "HOOD-2", "MUG-1"],
        ["CAP-2", "HOOD-2", "MUG-1"],
      ]);
      // The rows show the same time the sort uses.
      expect(desc.rows.map((r) => [r.sku, r.lastSyncedAt])).toEqual([
        ["CAP-1", "2026-01-02T00:00:00.000Z"],
        ["HOOD-1", "2026-01-01T00:00:00.000Z"],
        ...desc.rows.slice(2).map((r) => [r.sku, null]),
      ]);
    } finally {
      await db.prisma.shopifyLevel.deleteMany({ where: { shopId: SHOP, locationId: other } });
      await db.prisma.shopifyLevel.updateMany({ where: { shopId: SHOP }, data: { writtenAt: null } });
    }
  });

  it("filters items whose last write failed exactly as the rows show it", async () => {
    const idOf = (sku: string) => seeded.items.find((i) => i.sku === sku)!.id;
    await setLinkError(db.prisma, SHOP, idOf("HOOD-2"), "INVALID_INVENTORY_ITEM: gone");
    await setLinkError(db.prisma, SHOP, idOf("MUG-1"), "NOT_STOCKED: no");
    expect(await setLinkError(db.prisma, SHOP, idOf("LONE-1"), "X: unlinked")).toBe(false); // no link, no error
    try {
      const all = (await list("")).rows;
      const failed = (await list("error=yes")).rows;
      expect(failed.map((r) => r.sku)).toEqual(all.filter((r) => r.lastError !== null).map((r) => r.sku));
      expect(failed.map((r) => [r.sku, r.lastError])).toEqual([
        ["HOOD-2", "INVALID_INVENTORY_ITEM: gone"],
        ["MUG-1", "NOT_STOCKED: no"],
      ]);
      expect((await list("error=yes&q=hood")).rows.map((r) => r.sku)).toEqual(["HOOD-2"]);
    } finally {
      await db.prisma.itemSyncError.deleteMany({ where: { shopId: SHOP } });
    }
  });

  it("describes each row with the domain's sentence", async () => {
    const rows = (await list("")).rows;
    const never = rows.find((r) => r.sku === "HOOD-2")!;
    expect(never.reasonText).toBe("Not synced: this item is set to Never.");
    expect(never.whiplashQuantity).toBe(4);
    expect(never.shopifyTotal).toBe(9);
    expect(never.mismatch).toBe(true);
  });

  it("ignores invalid query values", () => {
    const q = parseItemListQuery(new URLSearchParams("setting=BOGUS&page=-3&sort=drop&reason=NEVER"));
    expect(q).toMatchObject({ setting: undefined, page: 1, sort: "sku", reason: "NEVER" });
    expect(seeded.items).toHaveLength(6);
  });
});
