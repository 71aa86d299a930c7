import { describe, expect, it } from "vitest";
import { syncTarget, targetAt } from "./sync-target";
import { customer, item, LINK, LOCATION, SHOP } from "./test-support/fixtures";

const syncing = item({ processOrders: true, processOrdersSetBy: "AUTOMATION", sellableByWarehouse: { 1: 12 } });

describe("syncTarget (rules 3.2, 3.5)", () => {
  it("an eligible item: the decision and the quantity per location", () => {
    const target = syncTarget({ shop: SHOP, customer: customer(), item: syncing, link: LINK, trigger: "WEBHOOK" });
    expect(target.decision).toMatchObject({ kind: "sync", reason: "PROCESSING_ORDERS" });
    expect(target.locations).toEqual([{ locationId: LOCATION, warehouseIds: [1], quantity: 12, unitsInFlight: 0 }]);
    expect(targetAt(target, LOCATION)?.quantity).toBe(12);
    expect(targetAt(target, "gid://shopify/Location/999")).toBeUndefined();
  });

  it("an eligible item mapped to no location is a NO_LOCATION skip that keeps the setting's origin", () => {
    const shop = { ...SHOP, defaultLocationId: null, warehouseLocations: {} };
    const target = syncTarget({ shop, customer: customer(), item: syncing, link: LINK, trigger: "WEBHOOK" });
    expect(target.decision).toMatchObject({ kind: "skip", reason: "NO_LOCATION", effective: "PROCESS_ORDERS_ONLY", settingFrom: "CUSTOMER_DEFAULT" });
    expect(target.locations).toEqual([]);
  });

  it("a skipped item still says what it would publish", () => {
    const never = { ...syncing, syncSetting: "NEVER" as const };
    const target = syncTarget({ shop: SHOP, customer: customer(), item: never, link: LINK, trigger: "MANUAL" });
    expect(target.decision).toMatchObject({ kind: "skip", reason: "NEVER" });
    expect(target.locations).toEqual([{ locationId: LOCATION, warehouseIds: [1], quantity: 12, unitsInFlight: 0 }]);
  });

  it("a skip for another reason wins over NO_LOCATION", () => {
    const shop = { ...SHOP, syncEnabled: false, defaultLocationId: null, warehouseLocations: {} };
    const target = syncTarget({ shop, customer: customer(), item: syncing, link: LINK, trigger: "WEBHOOK" });
    expect(target.decision).toMatchObject({ kind: "skip", reason: "STORE_SYNC_OFF" });
  });

  it("subtracts the units in flight at each location, never below 0 (rule 3.9), for the writer and every view alike", () => {
    const link = { ...LINK, unitsInFlight: { [LOCATION]: 5, "gid://shopify/Location/999": 40 } };
    const target = syncTarget({ shop: SHOP, customer: customer(), item: syncing, link, trigger: "WEBHOOK" });
    expect(target.locations).toEqual([{ locationId: LOCATION, warehouseIds: [1], quantity: 7, unitsInFlight: 5 }]);
    const oversold = syncTarget({ shop: SHOP, customer: customer(), item: syncing, link: { ...LINK, unitsInFlight: { [LOCATION]: 20 } }, trigger: "WEBHOOK" });
    expect(oversold.locations[0]).toMatchObject({ quantity: 0, unitsInFlight: 20 });
  });
});
