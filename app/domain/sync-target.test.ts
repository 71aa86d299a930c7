import { describe, expect, it } from "vitest";
import { syncTarget, targetAt } from "./sync-target";
import { customer, item, line, LINK, LOCATION, SHOP } from "./test-support/fixtures";

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

// Rule 3.4 when stock moves between the sell-out and the writer: the pending row keeps trigger SELLOUT
// (sticky), the item's state is read at send time. While automation keeps Process Orders off, the
// sell-out's own sync publishes the sell-out's final quantity (rule 3.5 with no sellable stock), never
// the stock that arrived after it; once Process Orders is on again the ordinary sync publishes what is there.
describe("syncTarget for a pending sell-out sync after stock moved (rule 3.4)", () => {
  const soldOut = item({ processOrders: false, processOrdersSetBy: "AUTOMATION", sellableByWarehouse: { 1: 0 }, receivedTotal: 8 });
  const inbound = line({ expected: 4, publish: true });
  const cases: [string, Partial<typeof soldOut>, "SELLOUT" | "WEBHOOK", string, number][] = [
    ["sold out, nothing moved", {}, "SELLOUT", "sync:SELLOUT_FINAL", 0],
    ["+3 adjustment, Process Orders still off", { sellableByWarehouse: { 1: 3 } }, "SELLOUT", "sync:SELLOUT_FINAL", 0],
    ["+3 at a second warehouse", { sellableByWarehouse: { 1: 0, 2: 3 } }, "SELLOUT", "sync:SELLOUT_FINAL", 0],
    ["+3, a published inbound line still counts", { sellableByWarehouse: { 1: 3 }, shipLines: [inbound] }, "SELLOUT", "sync:SELLOUT_FINAL", 4],
    ["+3, then a receipt switched Process Orders on", { sellableByWarehouse: { 1: 3 }, processOrders: true }, "SELLOUT", "sync:PROCESSING_ORDERS", 3],
    ["+3, a person switched Process Orders off", { sellableByWarehouse: { 1: 3 }, processOrdersSetBy: "PERSON" }, "SELLOUT", "skip:NOT_PROCESSING_ORDERS", 3],
    ["+3, an ordinary later sync", { sellableByWarehouse: { 1: 3 } }, "WEBHOOK", "skip:NOT_PROCESSING_ORDERS", 3],
    ["+3, item set to Always", { sellableByWarehouse: { 1: 3 }, syncSetting: "ALWAYS" }, "SELLOUT", "sync:ALWAYS", 3],
  ];
  it.each(cases)("%s", (_label, patch, trigger, decision, quantity) => {
    const target = syncTarget({ shop: SHOP, customer: customer(), item: { ...soldOut, ...patch }, link: LINK, trigger });
    expect(`${target.decision.kind}:${target.decision.reason}`).toBe(decision);
    expect(target.locations.map((l) => l.quantity)).toEqual([quantity]);
  });
});
