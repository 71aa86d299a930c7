import { describe, expect, it } from "vitest";
import { planSyncs, type SyncPlan, type SyncRequest } from "./plan-syncs";
import { customer, item, LINK, LOCATION, SHOP } from "./test-support/fixtures";
import type { ShopPrefs, SyncTrigger } from "./types";

const syncing = item({ processOrders: true, processOrdersSetBy: "AUTOMATION", sellableByWarehouse: { 1: 12 } });
type Entry = Omit<SyncRequest, "trigger">;
const entry = (patch: Partial<Entry> = {}): Entry => ({ itemId: "i1", item: syncing, link: LINK, known: {}, ...patch });
/** The plan without the back-reference to each request, for readable expectations. */
const bare = ({ writes, skips }: SyncPlan) => ({
  writes: writes.map(({ request: _request, ...w }) => w),
  skips: skips.map(({ request: _request, ...s }) => s),
});
const plan = (entries: Entry[], trigger: SyncTrigger = "WEBHOOK", shop: ShopPrefs = SHOP) =>
  bare(planSyncs(shop, customer(), entries.map((e) => ({ ...e, trigger }))));

describe("planSyncs for whole items (rules 3.2, 3.5, 3.6)", () => {
  it("writes a changed or unknown quantity, with what Shopify showed before", () => {
    expect(plan([entry({ known: { [LOCATION]: 5 } })])).toEqual({
      writes: [{ itemId: "i1", inventoryItemId: LINK.inventoryItemId, locationId: LOCATION, quantity: 12, before: 5, reason: "PROCESSING_ORDERS" }],
      skips: [],
    });
    expect(plan([entry()]).writes[0]).toMatchObject({ quantity: 12, before: null });
  });

  it("skips a quantity Shopify already shows (UNCHANGED) unless the trigger is manual or bulk", () => {
    const known = { known: { [LOCATION]: 12 } };
    for (const trigger of ["WEBHOOK", "SELLOUT", "RECONCILE", "DRIFT", "SETTINGS", "IMPORT"] as const) {
      expect(plan([entry(known)], trigger)).toEqual({
        writes: [],
        skips: [{ itemId: "i1", locationId: LOCATION, reason: "UNCHANGED", quantity: 12 }],
      });
    }
    for (const trigger of ["MANUAL", "BULK"] as const) {
      expect(plan([entry(known)], trigger).writes).toMatchObject([{ quantity: 12, before: 12 }]);
    }
  });

  it("forced triggers still obey rule 3.2", () => {
    const off = entry({ item: { ...syncing, processOrders: false } });
    expect(plan([off], "MANUAL")).toEqual({
      writes: [],
      skips: [{ itemId: "i1", locationId: LOCATION, reason: "NOT_PROCESSING_ORDERS", quantity: 12 }],
    });
    expect(plan([entry()], "BULK", { ...SHOP, syncEnabled: false }).skips).toMatchObject([{ reason: "STORE_SYNC_OFF" }]);
    expect(plan([entry({ link: null })], "BULK").skips).toMatchObject([{ reason: "UNMATCHED" }]);
    expect(plan([entry({ link: { ...LINK, tracked: false } })], "BULK").skips).toMatchObject([{ reason: "NOT_TRACKED" }]);
  });

  it("skips an eligible item that maps to no location (NO_LOCATION); a 3.2 skip keeps its own reason", () => {
    const noLocation = { ...SHOP, defaultLocationId: null };
    expect(plan([entry()], "WEBHOOK", noLocation)).toEqual({
      writes: [],
      skips: [{ itemId: "i1", locationId: null, reason: "NO_LOCATION", quantity: null }],
    });
    expect(plan([entry({ link: null })], "WEBHOOK", noLocation).skips).toEqual([
      { itemId: "i1", locationId: null, reason: "UNMATCHED", quantity: null },
    ]);
  });

  it("writes one quantity per mapped location, each from its own warehouses", () => {
    const shop: ShopPrefs = { syncEnabled: true, defaultLocationId: "L1", warehouseLocations: { 2: "L2" } };
    const multi = { ...syncing, sellableByWarehouse: { 1: 3, 2: 4, 3: 5 } };
    const result = plan([entry({ item: multi, known: { L2: 4 } })], "WEBHOOK", shop);
    expect(result.writes.map((w) => [w.locationId, w.quantity])).toEqual([["L1", 8]]);
    expect(result.skips).toEqual([{ itemId: "i1", locationId: "L2", reason: "UNCHANGED", quantity: 4 }]);
  });

  it("publishes the final 0 of a sell-out even though automation switched Process Orders off", () => {
    const soldOut = { ...syncing, processOrders: false, processOrdersSetBy: "AUTOMATION" as const, sellableByWarehouse: { 1: 0 } };
    expect(plan([entry({ item: soldOut, known: { [LOCATION]: 3 } })], "SELLOUT").writes).toMatchObject([
      { quantity: 0, before: 3, reason: "SELLOUT_FINAL" },
    ]);
    expect(plan([entry({ item: soldOut, known: { [LOCATION]: 3 } })], "WEBHOOK").skips).toMatchObject([
      { reason: "NOT_PROCESSING_ORDERS", quantity: 0 },
    ]);
  });

  it("plans each item once (the last entry wins) and keeps entry order", () => {
    const result = plan([
      entry({ itemId: "a" }),
      entry({ itemId: "b", link: { ...LINK, inventoryItemId: "gid://shopify/InventoryItem/2" } }),
      entry({ itemId: "a", item: { ...syncing, sellableByWarehouse: { 1: 1 } } }),
    ]);
    expect(result.writes.map((w) => [w.itemId, w.quantity])).toEqual([
      ["b", 12],
      ["a", 1],
    ]);
  });

  it("never zeroes an imported, never-received item in the standard setup (rule 3.3)", () => {
    const imported = entry({ item: item(), known: { [LOCATION]: 25 } });
    for (const trigger of ["WEBHOOK", "MANUAL", "BULK", "IMPORT"] as const) {
      expect(plan([imported], trigger)).toEqual({
        writes: [],
        skips: [{ itemId: "i1", locationId: LOCATION, reason: "NOT_PROCESSING_ORDERS", quantity: 0 }],
      });
    }
  });
});

describe("planSyncs for queued rows (one location each, as the writer sends them)", () => {
  const row = (patch: Partial<SyncRequest> = {}): SyncRequest => ({ ...entry(), trigger: "WEBHOOK", locationId: LOCATION, ...patch });
  const shop: ShopPrefs = { syncEnabled: true, defaultLocationId: "L1", warehouseLocations: { 2: "L2" } };
  const multi = { ...syncing, sellableByWarehouse: { 1: 3, 2: 4 } };

  it("plans only the row's location and keeps the row as the request", () => {
    const r = row({ item: multi, locationId: "L2" });
    const result = planSyncs(shop, customer(), [r]);
    expect(result.writes).toEqual([{ itemId: "i1", inventoryItemId: LINK.inventoryItemId, locationId: "L2", quantity: 4, before: null, reason: "PROCESSING_ORDERS", request: r }]);
    expect(result.skips).toEqual([]);
  });

  it("a forced row writes an unchanged quantity; an unforced one is UNCHANGED", () => {
    expect(bare(planSyncs(SHOP, customer(), [row({ known: { [LOCATION]: 12 } })])).skips).toEqual([
      { itemId: "i1", locationId: LOCATION, reason: "UNCHANGED", quantity: 12 },
    ]);
    expect(planSyncs(SHOP, customer(), [row({ known: { [LOCATION]: 12 }, force: true })]).writes).toMatchObject([{ quantity: 12, before: 12 }]);
  });

  it("a row for a location the item no longer maps to is NO_LOCATION, even when it maps elsewhere", () => {
    expect(bare(planSyncs(shop, customer(), [row({ item: multi, locationId: "L9" })])).skips).toEqual([
      { itemId: "i1", locationId: "L9", reason: "NO_LOCATION", quantity: null },
    ]);
  });

  it("a skipped row reports the quantity it would have had at its location, or null if unmapped", () => {
    const never = { ...multi, syncSetting: "NEVER" as const };
    expect(bare(planSyncs(shop, customer(), [row({ item: never, locationId: "L2" }), row({ item: never, locationId: "L9" })])).skips).toEqual([
      { itemId: "i1", locationId: "L2", reason: "NEVER", quantity: 4 },
      { itemId: "i1", locationId: "L9", reason: "NEVER", quantity: null },
    ]);
  });
});
