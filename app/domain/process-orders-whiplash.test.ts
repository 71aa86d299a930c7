// Rule 3.10: Whiplash owns Process Orders. Item events carry Whiplash's flag; it is kept with its own
// version, and the app's flag follows it per mode (see "Whiplash's own Process Orders flag" in apply-event.ts).
import { describe, expect, it } from "vitest";
import { applyWarehouseEvent, applyWarehouseEvents, type WarehouseEvent } from "./apply-event";
import { decideSync } from "./sync-decision";
import { customer, item, LINK, SHOP } from "./test-support/fixtures";
import type { ItemState, ProcessOrdersMode } from "./types";

const T = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, "0")}:00.000Z`;
const run = (state: ItemState, events: WarehouseEvent[], mode: ProcessOrdersMode) => applyWarehouseEvents(state, events, customer({ processOrdersMode: mode })).item;
/** Whiplash reports its flag in an item.updated (no quantities). */
const flag = (minute: number, on: boolean): WarehouseEvent => ({ type: "ITEM_UPDATED", at: T(minute), whiplashProcessOrders: on });
const received = (minute: number, sellable: number, on?: boolean): WarehouseEvent => ({
  type: "RECEIPT",
  at: T(minute),
  sellableByWarehouse: { 1: sellable },
  ...(on === undefined ? {} : { whiplashProcessOrders: on }),
});
const soldOut = (minute: number, on?: boolean): WarehouseEvent => ({
  type: "INVENTORY_CHANGED",
  at: T(minute),
  sellableByWarehouse: { 1: 0 },
  ...(on === undefined ? {} : { whiplashProcessOrders: on }),
});
const decision = (state: ItemState, mode: ProcessOrdersMode) =>
  decideSync({ shop: SHOP, customer: customer({ processOrdersMode: mode }), item: state, link: LINK, trigger: "WEBHOOK" });

describe("Whiplash's flag is recorded with its own version (rule 3.7)", () => {
  it("keeps the newest report; an older one is stale and changes nothing", () => {
    const s = run(item(), [flag(5, true)], "MANUAL");
    expect(s).toMatchObject({ whiplashProcessOrders: true, whiplashProcessOrdersAt: T(5), processOrders: true, processOrdersSetBy: "WHIPLASH" });
    const late = applyWarehouseEvent(s, flag(3, false), customer({ processOrdersMode: "MANUAL" }));
    expect(late.outcome).toBe("STALE");
    expect(late.item).toEqual(s);
  });

  it("the same instant with a different flag is a tie: ON is kept and the caller re-reads; the re-read wins", () => {
    const s = run(item(), [flag(5, false)], "MANUAL");
    const tie = applyWarehouseEvent(s, flag(5, true), customer({ processOrdersMode: "MANUAL" }));
    expect(tie.tie).toBe(true);
    expect(tie.item.whiplashProcessOrders).toBe(true);
    const reread = applyWarehouseEvent(tie.item, { type: "ITEM_UPDATED", at: T(5), whiplashProcessOrders: false, reread: true }, customer({ processOrdersMode: "MANUAL" }));
    expect(reread.item).toMatchObject({ whiplashProcessOrders: false, processOrders: false });
  });

  it("arrival order does not matter for the flag (newest wins)", () => {
    const events = [flag(1, true), flag(2, false), flag(3, true)];
    const forward = run(item(), events, "MANUAL");
    const backward = run(item(), [...events].reverse(), "MANUAL");
    expect(backward.whiplashProcessOrders).toBe(forward.whiplashProcessOrders);
    expect(backward.processOrders).toBe(true);
  });
});

describe("MANUAL: Whiplash's flag is the flag", () => {
  it("an item imported with Process Orders on and never received syncs", () => {
    const s = run(item(), [{ type: "ITEM_CREATED", at: T(1), whiplashProcessOrders: true }], "MANUAL");
    expect(s.firstReceivedAt).toBeNull();
    expect(decision(s, "MANUAL")).toMatchObject({ kind: "sync", reason: "PROCESSING_ORDERS" });
  });

  it("follows Whiplash off and on, in any event that carries it", () => {
    let s = run(item(), [received(1, 5, true)], "MANUAL");
    expect(s.processOrders).toBe(true);
    s = run(s, [soldOut(2, false)], "MANUAL");
    expect(s).toMatchObject({ processOrders: false, processOrdersSetBy: "WHIPLASH", processOrdersSetAt: T(2) });
    s = run(s, [flag(3, true)], "MANUAL");
    expect(s.processOrders).toBe(true);
  });

  it("a merchant's switch in the app holds until Whiplash's flag changes after it", () => {
    let s = run(item(), [flag(1, true)], "MANUAL");
    s = run(s, [{ type: "PROCESS_ORDERS_SET", at: T(2), processOrders: false }], "MANUAL");
    s = run(s, [received(3, 4, true)], "MANUAL"); // Whiplash still says on: not a change
    expect(s).toMatchObject({ processOrders: false, processOrdersSetBy: "PERSON" });
    s = run(s, [flag(4, false), flag(5, true)], "MANUAL"); // changed in Whiplash after the merchant's switch
    expect(s).toMatchObject({ processOrders: true, processOrdersSetBy: "WHIPLASH" });
  });
});

describe("sell-out publishes the final quantity first (rule 3.4), also when Whiplash switches it off with the sell-out", () => {
  it("MANUAL: an out-of-stock event carrying Whiplash's OFF is a SELLOUT whose 0 is still written", () => {
    const before = run(item(), [received(1, 5, true)], "MANUAL");
    const r = applyWarehouseEvent(before, { type: "OUT_OF_STOCK", at: T(2), whiplashProcessOrders: false }, customer({ processOrdersMode: "MANUAL" }));
    expect(r).toMatchObject({ sellout: true, processOrdersChange: { from: true, to: false, by: "WHIPLASH" } });
    const d = decideSync({ shop: SHOP, customer: customer({ processOrdersMode: "MANUAL" }), item: r.item, link: LINK, trigger: "SELLOUT" });
    expect(d).toMatchObject({ kind: "sync", reason: "SELLOUT_FINAL" });
    // Later events are skipped until Process Orders is on again.
    expect(decision(r.item, "MANUAL")).toMatchObject({ kind: "skip", reason: "NOT_PROCESSING_ORDERS" });
  });
});

describe("automation modes: a change made in Whiplash wins until the next automation trigger", () => {
  const mode = "ON_RECEIPT_OFF_AT_SELLOUT";

  it("a person switching it off in Whiplash is followed; the next receipt switches it on again", () => {
    let s = run(item(), [received(1, 5, true)], mode);
    expect(s).toMatchObject({ processOrders: true, processOrdersSetBy: "AUTOMATION" });
    s = run(s, [flag(2, false)], mode);
    expect(s).toMatchObject({ processOrders: false, processOrdersSetBy: "WHIPLASH", processOrdersSetAt: T(2) });
    expect(decision(s, mode)).toMatchObject({ kind: "skip", reason: "NOT_PROCESSING_ORDERS" });
    s = run(s, [received(3, 9)], mode);
    expect(s).toMatchObject({ processOrders: true, processOrdersSetBy: "AUTOMATION", processOrdersSetAt: T(3) });
  });

  it("Whiplash still showing on after our sell-out is not a change: the flag stays off", () => {
    let s = run(item(), [received(1, 5, true), soldOut(2, true)], mode);
    expect(s).toMatchObject({ processOrders: false, processOrdersSetBy: "AUTOMATION", whiplashProcessOrders: true });
    s = run(s, [flag(3, true)], mode);
    expect(s.processOrders).toBe(false);
  });

  it("a Whiplash change older than the last automation trigger loses; a late trigger older than the change loses too", () => {
    // The sell-out at 3 is newer than the change at 2 (delivered late): automation decided last.
    let s = run(item(), [received(1, 5, true), soldOut(3, true), flag(2, false)], mode);
    expect(s).toMatchObject({ processOrders: false, processOrdersSetBy: "AUTOMATION" });
    // Changed in Whiplash at 5 (on); a receipt stamped 4 arrives afterwards: the change stays.
    s = run(item(), [received(1, 5, true), flag(5, false)], mode);
    expect(s.processOrders).toBe(false);
    s = run(s, [received(4, 7)], mode);
    expect(s).toMatchObject({ processOrders: false, processOrdersSetBy: "WHIPLASH" });
  });

  it("a report that agrees with the app's flag (an echo) is not a person's change", () => {
    const s = run(item(), [received(1, 5, true), flag(2, true)], mode);
    expect(s).toMatchObject({ processOrders: true, processOrdersSetBy: "AUTOMATION", processOrdersSetAt: T(1), whiplashProcessOrdersAt: T(2) });
  });

  it("while nobody in the app set it (IMPORT), Whiplash's flag is followed in every mode", () => {
    const s = run(item(), [flag(1, true)], mode);
    expect(s).toMatchObject({ processOrders: true, processOrdersSetBy: "WHIPLASH" });
  });
});
