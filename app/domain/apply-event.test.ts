import { describe, expect, it } from "vitest";
import { applyWarehouseEvent, automationTarget, hasBeenReceived, newItemState, type WarehouseEvent } from "./apply-event";
import { customer, item, line } from "./test-support/fixtures";
import { PROCESS_ORDERS_MODES, type ItemState, type ProcessOrdersMode } from "./types";

const T = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, "0")}:00.000Z`;
const apply = (state: ItemState, event: WarehouseEvent, mode: ProcessOrdersMode = "ON_RECEIPT_OFF_AT_SELLOUT") =>
  applyWarehouseEvent(state, event, customer({ processOrdersMode: mode }));
const receipt = (minute: number, receivedGood: number, sellable?: number, lineId = 1): WarehouseEvent => ({
  type: "RECEIPT",
  at: T(minute),
  line: { shipNoticeId: 500, lineId, warehouseId: 1, receivedGood, expected: 100 },
  sellableByWarehouse: sellable === undefined ? undefined : { 1: sellable },
});

describe("quantities and ordering (rule 3.7)", () => {
  it("applies newer quantities and records the warehouse timestamp", () => {
    const r = apply(item(), { type: "INVENTORY_CHANGED", at: "2026-03-01T11:00:00+01:00", sellableByWarehouse: { 1: 7 } });
    expect(r.outcome).toBe("APPLIED");
    expect(r.item.sellableByWarehouse).toEqual({ 1: 7 });
    expect(r.item.lastEventAt).toBe("2026-03-01T10:00:00.000Z"); // compared as instants, stored normalised
  });

  it("ignores quantities of events before the last applied one, and an exact duplicate at the same time", () => {
    const s = apply(item(), { type: "ORDER_SHIPPED", at: T(5), sellableByWarehouse: { 1: 3 } }).item;
    for (const e of [
      { type: "INVENTORY_CHANGED", at: T(4), sellableByWarehouse: { 1: 9 } },
      { type: "INVENTORY_CHANGED", at: T(5), sellableByWarehouse: { 1: 3 } },
      { type: "ADJUSTMENT", at: "2026-03-01T11:05:00+01:00", sellableByWarehouse: { 1: 3 } },
    ] as const) {
      const r = apply(s, e);
      expect(r).toMatchObject({ outcome: "STALE", tie: false });
      expect(r.item).toEqual(s);
    }
  });

  describe("two different events with the same timestamp (issue 12, item 10)", () => {
    const five: WarehouseEvent = { type: "INVENTORY_CHANGED", at: T(5), sellableByWarehouse: { 1: 5, 2: 1 } };
    const three: WarehouseEvent = { type: "ORDER_SHIPPED", at: T(5), sellableByWarehouse: { 1: 3, 2: 8 } };

    it("the higher content is kept in either arrival order, and the tie is reported for a re-read", () => {
      const fiveFirst = apply(item(), five);
      const thenThree = apply(fiveFirst.item, three);
      expect(thenThree).toMatchObject({ outcome: "STALE", tie: true });
      const threeFirst = apply(item(), three);
      const thenFive = apply(threeFirst.item, five);
      expect(thenFive).toMatchObject({ outcome: "APPLIED", tie: true });
      for (const end of [thenThree.item, thenFive.item]) expect(end).toMatchObject({ sellableByWarehouse: { 1: 5, 2: 1 }, lastEventAt: T(5) });
      // Either of them again: an exact duplicate now.
      expect(apply(thenFive.item, five)).toMatchObject({ outcome: "STALE", tie: false });
    });

    it("a re-read from Whiplash at that time wins the tie, whatever its content", () => {
      const held = apply(item(), five).item;
      const r = apply(held, { type: "ITEM_UPDATED", at: T(5), reread: true, sellableByWarehouse: { 1: 3, 2: 8 } });
      expect(r).toMatchObject({ outcome: "APPLIED", tie: false });
      expect(r.item.sellableByWarehouse).toEqual({ 1: 3, 2: 8 });
      // A re-read older than what we hold is still stale.
      expect(apply(held, { type: "ITEM_UPDATED", at: T(4), reread: true, sellableByWarehouse: { 1: 0 } })).toMatchObject({ outcome: "STALE" });
    });

    it("a sell-out at the same time as stock is a tie (the re-read settles it)", () => {
      const held = apply(item(), five).item;
      expect(apply(held, { type: "OUT_OF_STOCK", at: T(5) })).toMatchObject({ outcome: "STALE", tie: true, sellout: false });
      const empty = apply(item(), { type: "ORDER_SHIPPED", at: T(5), sellableByWarehouse: { 1: 0 } }).item;
      expect(apply(empty, { type: "OUT_OF_STOCK", at: T(5) })).toMatchObject({ outcome: "STALE", tie: false });
    });

    it("settings and ship-notice lines break ties the same way", () => {
      const named = apply(item(), { type: "ITEM_UPDATED", at: T(2), sku: "A-1" }).item;
      expect(apply(named, { type: "ITEM_UPDATED", at: T(2), sku: "A-1" })).toMatchObject({ outcome: "STALE", tie: false });
      const renamed = apply(named, { type: "ITEM_UPDATED", at: T(2), sku: "B-1" });
      expect(renamed).toMatchObject({ outcome: "APPLIED", tie: true, item: { sku: "B-1" } });
      expect(apply(renamed.item, { type: "ITEM_UPDATED", at: T(2), sku: "A-1" })).toMatchObject({ outcome: "STALE", tie: true, item: { sku: "B-1" } });

      const lineAt = (expected: number, publish: boolean, reread?: boolean): WarehouseEvent => ({
        type: "SHIP_NOTICE_LINE_UPDATED",
        at: T(7),
        ...(reread ? { reread } : {}),
        line: { shipNoticeId: 500, lineId: 1, warehouseId: 1, expected, publish },
      });
      const a = apply(apply(item(), lineAt(40, false)).item, lineAt(40, true));
      const b = apply(apply(item(), lineAt(40, true)).item, lineAt(40, false));
      expect([a.tie, b.tie]).toEqual([true, true]);
      expect(a.item.shipLines).toEqual(b.item.shipLines);
      expect(a.item.shipLines[0]).toMatchObject({ expected: 40, publish: true });
      expect(apply(a.item, lineAt(40, false, true)).item.shipLines[0]).toMatchObject({ publish: false });
    });
  });

  it("keeps warehouses the payload does not name", () => {
    const s = apply(item({ sellableByWarehouse: { 1: 2, 2: 8 } }), { type: "ADJUSTMENT", at: T(1), sellableByWarehouse: { 2: 5 } });
    expect(s.item.sellableByWarehouse).toEqual({ 1: 2, 2: 5 });
  });

  it("takes grow-only facts from a late receipt: received, received total, earliest first receipt", () => {
    const s = apply(item(), { type: "INVENTORY_CHANGED", at: T(30), sellableByWarehouse: { 1: 40 } }).item;
    const r = apply(s, receipt(10, 50, 50));
    expect(r.outcome).toBe("STALE");
    expect(r.item.sellableByWarehouse).toEqual({ 1: 40 }); // quantity not moved backwards
    expect(r.item.receivedTotal).toBe(50);
    expect(r.item.firstReceivedAt).toBe(T(10));
    expect(hasBeenReceived(r.item)).toBe(true);
    const earlier = apply(r.item, { type: "RECEIPT", at: T(2) }); // item-level receipt, even earlier
    expect(earlier.item.firstReceivedAt).toBe(T(2));
  });

  it("counts a line's received units once, however often and in whatever order its receipts arrive", () => {
    let s = item();
    for (const e of [receipt(3, 30), receipt(5, 80), receipt(3, 30), receipt(4, 60), receipt(5, 80)]) s = apply(s, e).item;
    expect(s.receivedTotal).toBe(80);
    expect(s.shipLines).toHaveLength(1);
    expect(s.shipLines[0]).toMatchObject({ receivedGood: 80, expected: 100 });
  });

  it("rejects an unreadable timestamp", () => {
    expect(() => apply(item(), { type: "OUT_OF_STOCK", at: "yesterday" })).toThrow(RangeError);
  });

  it("applies item settings from a newer item event only", () => {
    const s = apply(item(), { type: "ITEM_UPDATED", at: T(2), sku: "NEW", syncSetting: "ALWAYS", bufferOverride: 3 }).item;
    expect(s).toMatchObject({ sku: "NEW", syncSetting: "ALWAYS", bufferOverride: 3 });
    const late = apply(s, { type: "ITEM_UPDATED", at: T(1), syncSetting: "NEVER", bufferOverride: null });
    expect(late.outcome).toBe("STALE");
    expect(late.item.syncSetting).toBe("ALWAYS");
    expect(apply(s, { type: "ITEM_CREATED", at: T(3), bufferOverride: null }).item.bufferOverride).toBeNull();
  });
});

describe("ship-notice lines", () => {
  const published = (minute: number, publish: boolean, expected = 100): WarehouseEvent => ({
    type: "SHIP_NOTICE_LINE_UPDATED",
    at: T(minute),
    line: { shipNoticeId: 500, lineId: 1, warehouseId: 1, expected, publish },
  });

  it("publishes and unpublishes a line, ordered per line (not against the item's quantities)", () => {
    let s = apply(item(), { type: "INVENTORY_CHANGED", at: T(50), sellableByWarehouse: { 1: 1 } }).item;
    const r = apply(s, published(10, true));
    expect(r.outcome).toBe("APPLIED"); // an older timestamp than the item's quantities is fine for a line
    s = r.item;
    expect(s.shipLines[0]).toMatchObject({ publish: true, expected: 100, lastEventAt: T(10) });
    const dup = apply(s, published(10, false));
    expect(dup.outcome).toBe("STALE");
    expect(dup.item.shipLines[0].publish).toBe(true);
    s = apply(s, published(12, false, 90)).item;
    expect(s.shipLines[0]).toMatchObject({ publish: false, expected: 90 });
    expect(apply(s, published(11, true)).item.shipLines[0].publish).toBe(false); // late
  });

  it("a receipt does not change the publish flag, and a later-arriving older publish still applies", () => {
    let s = apply(item(), receipt(20, 10)).item;
    expect(s.shipLines[0]).toMatchObject({ publish: false, receivedGood: 10, lastEventAt: null });
    s = apply(s, published(15, true)).item;
    expect(s.shipLines[0]).toMatchObject({ publish: true, receivedGood: 10 });
  });

  it("completes every line of a notice, once (grow-only, even from a late event)", () => {
    const s = item({ shipLines: [line({ lineId: 1 }), line({ lineId: 2 }), line({ shipNoticeId: 9, lineId: 3 })] });
    const r = apply(s, { type: "SHIP_NOTICE_COMPLETED", at: T(1), shipNoticeId: 500 });
    expect(r.outcome).toBe("APPLIED");
    expect(r.item.shipLines.map((l) => l.completed)).toEqual([true, true, false]);
    expect(apply(r.item, { type: "SHIP_NOTICE_COMPLETED", at: T(0), shipNoticeId: 500 }).outcome).toBe("STALE");
    const viaLine = apply(s, {
      type: "SHIP_NOTICE_LINE_UPDATED",
      at: T(1),
      line: { shipNoticeId: 9, lineId: 3, warehouseId: 1, expected: 1, publish: true, noticeCompleted: true },
    });
    expect(viaLine.item.shipLines[2].completed).toBe(true);
  });
});

describe("Process Orders automation (rule 3.4)", () => {
  // [mode, first receipt, later receipt, adjustment, sell-out] -> wanted value or null (untouched)
  it.each([
    ["ON_RECEIPT_OFF_AT_SELLOUT", true, true, null, false],
    ["FIRST_RECEIPT_ONLY", true, null, null, null],
    ["ON_RECEIPT_OR_ADJUSTMENT_OFF_AT_SELLOUT", true, true, true, false],
    ["MANUAL", null, null, null, null],
  ] as const)("%s: first receipt %s, later receipt %s, adjustment %s, sell-out %s", (mode, first, later, adjustment, sellout) => {
    expect(automationTarget(mode, "RECEIPT", true)).toBe(first);
    expect(automationTarget(mode, "RECEIPT", false)).toBe(later);
    expect(automationTarget(mode, "ADJUSTMENT", false)).toBe(adjustment);
    expect(automationTarget(mode, "SELLOUT", false)).toBe(sellout);
  });

  it("switches on at receipt and off at sell-out, reporting the change and the sell-out", () => {
    const on = apply(item(), receipt(1, 10, 10));
    expect(on.processOrdersChange).toEqual({ from: false, to: true, by: "AUTOMATION" });
    expect(on.item).toMatchObject({ processOrders: true, processOrdersSetBy: "AUTOMATION", processOrdersEventAt: T(1) });
    const off = apply(on.item, { type: "ORDER_SHIPPED", at: T(2), sellableByWarehouse: { 1: 0 } });
    expect(off.processOrdersChange).toEqual({ from: true, to: false, by: "AUTOMATION" });
    expect(off.sellout).toBe(true);
    const again = apply(off.item, { type: "OUT_OF_STOCK", at: T(3) });
    expect(again.processOrdersChange).toBeNull();
    expect(again.sellout).toBe(true); // an explicit sell-out: its final 0 is (re)published if Shopify differs
  });

  it("reports no sell-out for an item that never had stock (never zeroed, rule 3.3)", () => {
    const r = apply(item(), { type: "INVENTORY_CHANGED", at: T(1), sellableByWarehouse: { 1: 0 } });
    expect(r.sellout).toBe(false);
    expect(r.item.processOrders).toBe(false);
  });

  it("does not let a late sell-out or a late receipt undo a newer automation decision", () => {
    let s = apply(item(), receipt(1, 10, 10)).item; // on
    s = apply(s, { type: "OUT_OF_STOCK", at: T(5) }).item; // off
    const late = apply(s, receipt(3, 10)); // duplicate-ish late receipt
    expect(late.item.processOrders).toBe(false);
    const restock = apply(s, receipt(6, 20, 10));
    expect(restock.item.processOrders).toBe(true);
    expect(apply(restock.item, { type: "OUT_OF_STOCK", at: T(4) }).item.processOrders).toBe(true); // late sell-out
  });

  it("a late receipt still switches on when no newer automation event decided (received out of order)", () => {
    const s = apply(item(), { type: "ORDER_SHIPPED", at: T(9), sellableByWarehouse: { 1: 9 } }).item;
    const r = apply(s, receipt(5, 10, 10));
    expect(r.outcome).toBe("STALE");
    expect(r.item.sellableByWarehouse).toEqual({ 1: 9 });
    expect(r.processOrdersChange).toEqual({ from: false, to: true, by: "AUTOMATION" });
    expect(r.sellout).toBe(false);
  });

  it("adjustment mode switches on at a positive adjustment; the other modes do not", () => {
    const adj: WarehouseEvent = { type: "ADJUSTMENT", at: T(1), sellableByWarehouse: { 1: 4 } };
    expect(apply(item(), adj, "ON_RECEIPT_OR_ADJUSTMENT_OFF_AT_SELLOUT").item.processOrders).toBe(true);
    for (const mode of PROCESS_ORDERS_MODES.filter((m) => m !== "ON_RECEIPT_OR_ADJUSTMENT_OFF_AT_SELLOUT")) {
      expect(apply(item(), adj, mode).item.processOrders).toBe(false);
    }
    const down: WarehouseEvent = { type: "ADJUSTMENT", at: T(2), sellableByWarehouse: { 1: 0 } };
    const on = apply(item(), adj, "ON_RECEIPT_OR_ADJUSTMENT_OFF_AT_SELLOUT").item;
    expect(apply(on, down, "ON_RECEIPT_OR_ADJUSTMENT_OFF_AT_SELLOUT")).toMatchObject({ sellout: true, item: { processOrders: false } });
  });

  it("first-receipt-only switches on once and is never switched off by automation", () => {
    let s = apply(item(), receipt(1, 10, 10), "FIRST_RECEIPT_ONLY").item;
    expect(s.processOrders).toBe(true);
    s = apply(s, { type: "PROCESS_ORDERS_SET", at: T(2), processOrders: false }, "FIRST_RECEIPT_ONLY").item;
    s = apply(s, { type: "OUT_OF_STOCK", at: T(3) }, "FIRST_RECEIPT_ONLY").item;
    s = apply(s, receipt(4, 30, 20), "FIRST_RECEIPT_ONLY").item;
    expect(s.processOrders).toBe(false); // not the first receipt any more
  });

  it("manual mode never touches Process Orders", () => {
    let s = item();
    for (const e of [receipt(1, 10, 10), { type: "OUT_OF_STOCK", at: T(2) } as const]) {
      const r = apply(s, e, "MANUAL");
      expect(r.processOrdersChange).toBeNull();
      s = r.item;
    }
    expect(s.processOrders).toBe(false);
    expect(s.processOrdersEventAt).toBeNull();
  });
});

describe("a person's choice (docs/decisions/0002)", () => {
  const person = (processOrders: boolean, minute = 0): WarehouseEvent => ({ type: "PROCESS_ORDERS_SET", at: T(minute), processOrders });

  it("always applies, whatever its timestamp, and does not advance the item's version", () => {
    const s = apply(item(), { type: "INVENTORY_CHANGED", at: T(30), sellableByWarehouse: { 1: 5 } }).item;
    const r = apply(s, person(true, 1));
    expect(r).toMatchObject({ outcome: "APPLIED", processOrdersChange: { from: false, to: true, by: "PERSON" } });
    expect(r.item).toMatchObject({ processOrders: true, processOrdersSetBy: "PERSON", lastEventAt: T(30) });
    expect(apply(r.item, person(true, 1))).toMatchObject({ outcome: "STALE", processOrdersChange: null });
  });

  it("a person's OFF is never switched back on by automation (receipt or adjustment)", () => {
    for (const mode of PROCESS_ORDERS_MODES) {
      let s = apply(item(), person(false), mode).item;
      s = apply(s, receipt(1, 10, 10), mode).item;
      s = apply(s, { type: "ADJUSTMENT", at: T(2), sellableByWarehouse: { 1: 12 } }, mode).item;
      expect(s).toMatchObject({ processOrders: false, processOrdersSetBy: "PERSON" });
    }
  });

  it("a person's ON is switched off at sell-out in the off-at-sell-out modes (then back on at receipt)", () => {
    let s = apply(item({ sellableByWarehouse: { 1: 3 } }), person(true)).item;
    const off = apply(s, { type: "OUT_OF_STOCK", at: T(1) });
    expect(off.processOrdersChange).toEqual({ from: true, to: false, by: "AUTOMATION" });
    s = apply(off.item, receipt(2, 5, 5)).item;
    expect(s).toMatchObject({ processOrders: true, processOrdersSetBy: "AUTOMATION" });
    // first-receipt-only and manual keep it on
    for (const mode of ["FIRST_RECEIPT_ONLY", "MANUAL"] as const) {
      const kept = apply(apply(item({ sellableByWarehouse: { 1: 3 } }), person(true), mode).item, { type: "OUT_OF_STOCK", at: T(1) }, mode);
      expect(kept.item.processOrders).toBe(true);
    }
  });
});

describe("newItemState", () => {
  it("starts never received, Process Orders off by import, Customer Default", () => {
    expect(newItemState({ whiplashItemId: 7, sku: "A" })).toMatchObject({
      whiplashItemId: 7,
      processOrders: false,
      processOrdersSetBy: "IMPORT",
      syncSetting: "CUSTOMER_DEFAULT",
      firstReceivedAt: null,
      receivedTotal: 0,
    });
  });
});
