import { describe, expect, it } from "vitest";
import { classifyLevelUpdate, parseLevelUpdate } from "./level-update";

describe("parseLevelUpdate", () => {
  it("turns REST ids into GIDs", () => {
    expect(parseLevelUpdate({ inventory_item_id: 10, location_id: 2, available: 5, updated_at: "2026-01-01T00:00:00-05:00" })).toEqual({
      inventoryItemId: "gid://shopify/InventoryItem/10",
      locationId: "gid://shopify/Location/2",
      available: 5,
      updatedAt: new Date("2026-01-01T05:00:00Z"),
    });
  });
  it("tolerates missing fields and refuses garbage", () => {
    expect(parseLevelUpdate({ inventory_item_id: "gid://shopify/InventoryItem/1", location_id: 2 })?.available).toBeNull();
    expect(parseLevelUpdate({ location_id: 2 })).toBeNull();
    expect(parseLevelUpdate(null)).toBeNull();
  });
});

describe("classifyLevelUpdate", () => {
  const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
  const update = (available: number, at = t(10)) => ({ inventoryItemId: "i", locationId: "l", available, updatedAt: at });
  const written = { knownQuantity: 7, knownAt: t(5), writtenQuantity: 7, writtenAt: t(5) };

  it("recognises our own write coming back (no loop)", () => {
    expect(classifyLevelUpdate(written, update(7))).toEqual({ kind: "own-write" });
  });
  it("recognises someone else's change", () => {
    expect(classifyLevelUpdate(written, update(3))).toEqual({ kind: "drift", written: 7, available: 3 });
  });
  it("ignores a change older than what we know", () => {
    expect(classifyLevelUpdate(written, update(3, t(1)))).toEqual({ kind: "stale" });
  });
  it("compares by whole seconds (Shopify's updated_at has no milliseconds)", () => {
    const ms = { ...written, knownAt: new Date(t(5).getTime() + 700) };
    expect(classifyLevelUpdate(ms, update(3, t(5)))).toEqual({ kind: "drift", written: 7, available: 3 });
  });
  it("only remembers levels we never wrote", () => {
    expect(classifyLevelUpdate(null, update(3))).toEqual({ kind: "not-ours" });
    expect(classifyLevelUpdate({ ...written, writtenQuantity: null, writtenAt: null }, update(3))).toEqual({ kind: "not-ours" });
  });
});
