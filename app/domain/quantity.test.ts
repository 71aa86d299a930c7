import { describe, expect, it } from "vitest";
import { bufferFor, locationsForItem, quantityToPublish, unreceivedQuantity, warehousesOfItem } from "./quantity";
import { customer, item, line } from "./test-support/fixtures";

describe("quantityToPublish (rule 3.5)", () => {
  const base = item({
    sellableByWarehouse: { 1: 10, 2: 5 },
    shipLines: [
      line({ lineId: 1, warehouseId: 1, expected: 20, receivedGood: 4, damaged: 1, publish: true }), // 15 to come
      line({ lineId: 2, warehouseId: 1, expected: 7, publish: false }), // not published
      line({ shipNoticeId: 501, lineId: 3, warehouseId: 2, expected: 3, publish: true }), // 3 to come at 2
      line({ shipNoticeId: 502, lineId: 4, warehouseId: 1, expected: 9, publish: true, completed: true }), // completed
    ],
  });

  it("adds sellable and published, not-yet-received inbound at the given warehouses", () => {
    expect(quantityToPublish(base, customer(), [1])).toBe(10 + 15);
    expect(quantityToPublish(base, customer(), [2])).toBe(5 + 3);
    expect(quantityToPublish(base, customer(), [1, 2])).toBe(33);
    expect(quantityToPublish(base, customer(), [3])).toBe(0);
    expect(quantityToPublish(base, customer(), [1, 1])).toBe(25); // a warehouse counts once
  });

  it("subtracts the customer buffer, or the item override, never below 0", () => {
    expect(quantityToPublish(base, customer({ defaultBuffer: 5 }), [1])).toBe(20);
    expect(quantityToPublish({ ...base, bufferOverride: 0 }, customer({ defaultBuffer: 5 }), [1])).toBe(25);
    expect(quantityToPublish({ ...base, bufferOverride: 100 }, customer(), [1])).toBe(0);
    expect(bufferFor({ ...base, bufferOverride: null }, customer({ defaultBuffer: 2 }))).toBe(2);
  });

  it("publishes no ship-notice quantity when the effective setting is Never (item or customer default)", () => {
    expect(quantityToPublish({ ...base, syncSetting: "NEVER" }, customer(), [1])).toBe(10);
    expect(quantityToPublish(base, customer({ defaultSyncSetting: "NEVER" }), [1])).toBe(10);
    expect(quantityToPublish({ ...base, syncSetting: "ALWAYS" }, customer({ defaultSyncSetting: "NEVER" }), [1])).toBe(25);
  });

  it("never counts negative stock or over-received lines", () => {
    const odd = item({
      sellableByWarehouse: { 1: -4, 2: 3 },
      shipLines: [line({ expected: 5, receivedGood: 4, damaged: 3, publish: true })],
    });
    expect(unreceivedQuantity(odd.shipLines[0])).toBe(0);
    expect(quantityToPublish(odd, customer(), [1, 2])).toBe(3);
  });

  it("is 0 for a never-received item", () => {
    expect(quantityToPublish(item(), customer(), [])).toBe(0);
  });
});

describe("locationsForItem", () => {
  const shop = { syncEnabled: true, defaultLocationId: "L-default", warehouseLocations: { 2: "L-two", 3: "L-two" } };

  it("maps warehouses to their location, unmapped ones to the default", () => {
    expect([...locationsForItem(shop, [3, 1, 2, 4])]).toEqual([
      ["L-default", [1, 4]],
      ["L-two", [2, 3]],
    ]);
  });
  it("drops unmapped warehouses when there is no default location (empty map: NO_LOCATION)", () => {
    const noDefault = { ...shop, defaultLocationId: null };
    expect([...locationsForItem(noDefault, [1, 2])]).toEqual([["L-two", [2]]]);
    expect(locationsForItem(noDefault, [1]).size).toBe(0);
    expect(locationsForItem(noDefault, []).size).toBe(0);
  });
  it("puts an item without warehouses at the default location (quantity 0 there)", () => {
    expect([...locationsForItem(shop, [])]).toEqual([["L-default", []]]);
  });
  it("lists the warehouses an item has stock rows or ship-notice lines at", () => {
    expect(warehousesOfItem(item({ sellableByWarehouse: { 4: 0, 1: 2 }, shipLines: [line({ warehouseId: 9 })] }))).toEqual([1, 4, 9]);
  });
});
