// Scenario tests: one item's life, in each Process Orders automation mode, with a stand-in for Shopify that
// remembers what was written. Each step applies warehouse events, then plans the shop's sync the way the
// worker does (trigger SELLOUT when the event sold the item out), and "sends" the writes.
import { describe, expect, it } from "vitest";
import { applyWarehouseEvent, newItemState, type WarehouseEvent } from "./apply-event";
import { planSyncs } from "./plan-syncs";
import { customer, LINK, LOCATION, SHOP } from "./test-support/fixtures";
import type { CustomerPrefs, ItemState, PlannedSkip, PlannedWrite, ProcessOrdersMode, SyncTrigger } from "./types";

const T = (minute: number) => `2026-04-01T09:${String(minute).padStart(2, "0")}:00.000Z`;

class World {
  item: ItemState = newItemState({ whiplashItemId: 42, sku: "TEE-M" });
  /** What Shopify shows at the location; the merchant had typed 25 before installing the app. */
  shopify: Record<string, number> = { [LOCATION]: 25 };
  constructor(readonly prefs: CustomerPrefs) {}

  /** Applies events, then plans and sends the sync they cause. */
  step(events: WarehouseEvent[], trigger?: SyncTrigger): { writes: PlannedWrite[]; skips: PlannedSkip[] } {
    let sellout = false;
    for (const event of events) {
      const result = applyWarehouseEvent(this.item, event, this.prefs);
      this.item = result.item;
      sellout ||= result.sellout;
    }
    return this.sync(trigger ?? (sellout ? "SELLOUT" : "WEBHOOK"));
  }

  sync(trigger: SyncTrigger) {
    const plan = planSyncs(SHOP, this.prefs, [{ itemId: "item-42", item: this.item, link: LINK, known: { ...this.shopify }, trigger }]);
    for (const write of plan.writes) this.shopify[write.locationId] = write.quantity;
    return { writes: plan.writes.map(({ request: _r, ...w }) => w), skips: plan.skips.map(({ request: _r, ...s }) => s) };
  }

  get shown(): number {
    return this.shopify[LOCATION];
  }
}

const line = (shipNoticeId: number, expected: number, publish: boolean) => ({ shipNoticeId, lineId: shipNoticeId * 10, warehouseId: 1, expected, publish });

type Expect = {
  /** Process Orders after the first receipt (before any person acts). */
  onAtFirstReceipt: boolean;
  /** Process Orders after the sell-out. */
  onAfterSellout: boolean;
  /** Reason of the final 0. */
  selloutReason: "SELLOUT_FINAL" | "PROCESSING_ORDERS";
};
const MODES: Array<[ProcessOrdersMode, Expect]> = [
  ["ON_RECEIPT_OFF_AT_SELLOUT", { onAtFirstReceipt: true, onAfterSellout: false, selloutReason: "SELLOUT_FINAL" }],
  ["FIRST_RECEIPT_ONLY", { onAtFirstReceipt: true, onAfterSellout: true, selloutReason: "PROCESSING_ORDERS" }],
  ["ON_RECEIPT_OR_ADJUSTMENT_OFF_AT_SELLOUT", { onAtFirstReceipt: true, onAfterSellout: false, selloutReason: "SELLOUT_FINAL" }],
  ["MANUAL", { onAtFirstReceipt: false, onAfterSellout: true, selloutReason: "PROCESSING_ORDERS" }],
];

describe.each(MODES)("an item's life with Process Orders automation %s (standard Sync Inventory setting)", (mode, want) => {
  it("imported -> published early -> received -> orders ship -> sell-out -> restock", () => {
    const w = new World(customer({ processOrdersMode: mode }));

    // 1. Imported from Shopify, never received: not synced, never zeroed (rule 3.3).
    expect(w.sync("IMPORT")).toEqual({
      writes: [],
      skips: [{ itemId: "item-42", locationId: LOCATION, reason: "NOT_PROCESSING_ORDERS", quantity: 0 }],
    });
    expect(w.shown).toBe(25);

    // 2. A ship notice of 100 is published early: the quantity would appear, but Process Orders is off, so not yet.
    const published = w.step([{ type: "SHIP_NOTICE_LINE_UPDATED", at: T(1), line: line(500, 100, true) }]);
    expect(published.skips).toMatchObject([{ reason: "NOT_PROCESSING_ORDERS", quantity: 100 }]);
    expect(w.shown).toBe(25);

    // 3. First receipt: 60 of 100 received. Automation switches Process Orders on (not in MANUAL) and it syncs
    //    60 sellable + 40 still to come (published).
    const firstReceipt = w.step([
      { type: "RECEIPT", at: T(2), line: { ...line(500, 100, true), receivedGood: 60 }, sellableByWarehouse: { 1: 60 } },
    ]);
    expect(w.item.processOrders).toBe(want.onAtFirstReceipt);
    expect(w.item.firstReceivedAt).toBe(T(2));
    if (want.onAtFirstReceipt) {
      expect(firstReceipt.writes).toMatchObject([{ quantity: 100, before: 25, reason: "PROCESSING_ORDERS" }]);
    } else {
      expect(firstReceipt.writes).toEqual([]);
      // The merchant switches Process Orders on by hand.
      const manual = w.step([{ type: "PROCESS_ORDERS_SET", at: T(2), processOrders: true }]);
      expect(manual.writes).toMatchObject([{ quantity: 100, reason: "PROCESSING_ORDERS" }]);
    }
    expect(w.shown).toBe(100);

    // 4. The rest arrives and the notice completes: still 100, so nothing is sent (rule 3.6), even when the
    //    warehouse repeats its events.
    const rest = w.step([
      { type: "RECEIPT", at: T(3), line: { ...line(500, 100, true), receivedGood: 100 }, sellableByWarehouse: { 1: 100 } },
      { type: "SHIP_NOTICE_COMPLETED", at: T(3), shipNoticeId: 500 },
      { type: "RECEIPT", at: T(3), line: { ...line(500, 100, true), receivedGood: 100 }, sellableByWarehouse: { 1: 100 } },
    ]);
    expect(rest).toMatchObject({ writes: [], skips: [{ reason: "UNCHANGED", quantity: 100 }] });
    expect(w.item.receivedTotal).toBe(100);

    // 5. Orders ship.
    expect(w.step([{ type: "ORDER_SHIPPED", at: T(4), sellableByWarehouse: { 1: 40 } }]).writes).toMatchObject([{ quantity: 40, before: 100 }]);
    // A late, older stock event does not move the quantity backwards (rule 3.7).
    expect(w.step([{ type: "INVENTORY_CHANGED", at: T(3), sellableByWarehouse: { 1: 100 } }]).writes).toEqual([]);
    expect(w.shown).toBe(40);

    // 6. Sell-out: the final 0 is published in the same step Process Orders is switched off (rule 3.4).
    const sellout = w.step([{ type: "ORDER_SHIPPED", at: T(5), sellableByWarehouse: { 1: 0 } }]);
    expect(sellout.writes).toMatchObject([{ quantity: 0, before: 40, reason: want.selloutReason }]);
    expect(w.shown).toBe(0);
    expect(w.item.processOrders).toBe(want.onAfterSellout);
    // Whiplash's own out_of_stock for the same sell-out changes nothing more.
    expect(w.step([{ type: "OUT_OF_STOCK", at: T(6) }])).toMatchObject({ writes: [], skips: [{ reason: "UNCHANGED" }] });
    if (!want.onAfterSellout) {
      // Later events of the sold-out item are not synced (Process Orders off).
      expect(w.step([{ type: "ITEM_UPDATED", at: T(7), sku: "TEE-M" }]).skips).toMatchObject([{ reason: "NOT_PROCESSING_ORDERS" }]);
    }

    // 7. Restock: a new ship notice is received; Process Orders is (still or again) on and 50 is published.
    const restock = w.step([
      { type: "RECEIPT", at: T(8), line: { ...line(501, 50, false), receivedGood: 50 }, sellableByWarehouse: { 1: 50 } },
    ]);
    expect(w.item.processOrders).toBe(true);
    expect(restock.writes).toMatchObject([{ quantity: 50, before: 0, reason: "PROCESSING_ORDERS" }]);
    expect(w.item.receivedTotal).toBe(150);
    expect(w.item.firstReceivedAt).toBe(T(2));
  });
});

describe("other lives", () => {
  it("an item set to Always shows an early-published ship notice before anything is received", () => {
    const w = new World(customer());
    w.item = { ...w.item, syncSetting: "ALWAYS" };
    const r = w.step([{ type: "SHIP_NOTICE_LINE_UPDATED", at: T(1), line: line(500, 100, true) }]);
    expect(r.writes).toMatchObject([{ quantity: 100, before: 25, reason: "ALWAYS" }]);
    // Unpublishing takes it back to what is in stock.
    w.step([{ type: "SHIP_NOTICE_LINE_UPDATED", at: T(2), line: line(500, 100, false) }]);
    expect(w.shown).toBe(0);
  });

  it("an item set to Never publishes nothing, ship notices included, even on a manual sync", () => {
    const w = new World(customer());
    w.item = { ...w.item, syncSetting: "NEVER" };
    w.step([
      { type: "SHIP_NOTICE_LINE_UPDATED", at: T(1), line: line(500, 100, true) },
      { type: "RECEIPT", at: T(2), line: { ...line(500, 100, true), receivedGood: 10 }, sellableByWarehouse: { 1: 10 } },
    ]);
    expect(w.sync("MANUAL")).toMatchObject({ writes: [], skips: [{ reason: "NEVER", quantity: 10 }] });
    expect(w.shown).toBe(25);
  });

  it("adjustment mode: a found-stock adjustment after a sell-out switches Process Orders on again", () => {
    const w = new World(customer({ processOrdersMode: "ON_RECEIPT_OR_ADJUSTMENT_OFF_AT_SELLOUT" }));
    w.step([{ type: "RECEIPT", at: T(1), line: { ...line(500, 5, false), receivedGood: 5 }, sellableByWarehouse: { 1: 5 } }]);
    w.step([{ type: "OUT_OF_STOCK", at: T(2) }]);
    expect(w.item.processOrders).toBe(false);
    expect(w.shown).toBe(0);
    const found = w.step([{ type: "ADJUSTMENT", at: T(3), sellableByWarehouse: { 1: 2 } }]);
    expect(found.writes).toMatchObject([{ quantity: 2, reason: "PROCESSING_ORDERS" }]);
  });

  it("a delayed receipt cannot leave an item looking unreceived (rule 3.7)", () => {
    const w = new World(customer());
    // The stock change after the receipt arrives first; the receipt itself arrives late.
    w.step([{ type: "INVENTORY_CHANGED", at: T(5), sellableByWarehouse: { 1: 8 } }]);
    expect(w.shown).toBe(25);
    const late = w.step([{ type: "RECEIPT", at: T(4), line: { ...line(500, 10, false), receivedGood: 10 }, sellableByWarehouse: { 1: 10 } }]);
    expect(w.item).toMatchObject({ processOrders: true, receivedTotal: 10, firstReceivedAt: T(4), sellableByWarehouse: { 1: 8 } });
    expect(late.writes).toMatchObject([{ quantity: 8 }]);
  });

  it("a buffer holds units back and never publishes below 0", () => {
    const w = new World(customer({ defaultBuffer: 3 }));
    w.step([{ type: "RECEIPT", at: T(1), line: { ...line(500, 5, false), receivedGood: 5 }, sellableByWarehouse: { 1: 5 } }]);
    expect(w.shown).toBe(2);
    w.step([{ type: "ORDER_SHIPPED", at: T(2), sellableByWarehouse: { 1: 1 } }]);
    expect(w.shown).toBe(0);
  });
});
