import { describe, expect, it } from "vitest";
import { planShopSync, type PlanEntry } from "./plan-shop-sync";
import { customer, item, LINK, LOCATION, SHOP } from "./test-support/fixtures";
import type { ShopPrefs, SyncTrigger } from "./types";

const syncing = item({ processOrders: true, processOrdersSetBy: "AUTOMATION", sellableByWarehouse: { 1: 12 } });
const entry = (patch: Partial<PlanEntry> = {}): PlanEntry => ({ itemId: "i1", item: syncing, link: LINK, known: {}, ...patch });
const plan = (entries: PlanEntry[], trigger: SyncTrigger = "WEBHOOK", shop: ShopPrefs = SHOP) =>
  planShopSync({ shop, customer: customer(), trigger, entries });

describe("planShopSync (rules 3.2, 3.5, 3.6)", () => {
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
