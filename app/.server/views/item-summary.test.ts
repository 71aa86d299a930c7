import { describe, expect, it } from "vitest";
import type { ItemDetail } from "./item-detail";
import { summarizeItem, type LiveLevel } from "./item-summary";

const L1 = "gid://shopify/Location/1";
const L2 = "gid://shopify/Location/2";
const now = new Date("2026-11-29T12:00:00Z");

function detail(over: Partial<ItemDetail>): ItemDetail {
  return {
    decision: "sync",
    reason: "PROCESSING_ORDERS",
    reasonText: "Synced: the item is processing orders.",
    locations: [{ locationId: L1, warehouseIds: [1], publish: 24, known: null, mismatch: false }],
    publishTotal: 24,
    levels: [],
    ...over,
  } as ItemDetail;
}
const live = (...levels: [string, number | null][]): LiveLevel[] =>
  levels.map(([locationId, available]) => ({ locationId, name: locationId, available, onHand: available }));

describe("item summary", () => {
  it("a skipped item says what would be published, that nothing is sent, and why", () => {
    const s = summarizeItem(detail({ decision: "skip", reason: "NEVER", reasonText: "Not synced: this item is set to Never." }), live([L1, 67]), now);
    expect(s).toMatchObject({ sends: false, publishTotal: 24, notSentBecause: "Not synced: this item is set to Never." });
    // Shopify's own number although the app never wrote this item.
    expect(s.shopify).toEqual({ total: 67, source: "live", at: now.toISOString(), scope: "item-locations" });
  });

  it("counts Shopify at the item's locations only, and all locations when it maps to none", () => {
    expect(summarizeItem(detail({}), live([L1, 5], [L2, 100]), now).shopify.total).toBe(5);
    expect(summarizeItem(detail({ locations: [], publishTotal: null }), live([L1, 5], [L2, 100]), now).shopify).toMatchObject({ total: 105, scope: "all-locations" });
  });

  it("falls back to the last known level, with its time, when Shopify cannot be read", () => {
    const levels = [{ locationId: L1, knownQuantity: 12, knownAt: "2026-11-29T11:00:00.000Z", writtenQuantity: 12, writtenAt: "2026-11-29T10:00:00.000Z" }];
    expect(summarizeItem(detail({ levels }), null, now).shopify).toEqual({ total: 12, source: "known", at: "2026-11-29T11:00:00.000Z", scope: "item-locations" });
    expect(summarizeItem(detail({}), null, now).shopify).toMatchObject({ total: null, source: null });
  });
});
