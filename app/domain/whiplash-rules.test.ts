// Whiplash's item rules (docs/decisions/0010): its Sync Inventory code and inbound publishing travel in item
// events and reads, are kept with their own version (rule 3.7), and the item's setting follows them like
// Whiplash's Process Orders flag (0008): a merchant's in-app choice holds until Whiplash changes after it.
import { describe, expect, it } from "vitest";
import { applyWarehouseEvent, applyWarehouseEvents, type WarehouseEvent } from "./apply-event";
import { quantityToPublish } from "./quantity";
import { decideSync } from "./sync-decision";
import { customer, item, LINK, SHOP } from "./test-support/fixtures";
import type { ItemState } from "./types";

const T = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, "0")}:00.000Z`;
const prefs = customer({ processOrdersMode: "MANUAL" });
const run = (state: ItemState, events: WarehouseEvent[]) => applyWarehouseEvents(state, events, prefs).item;
const rules = (minute: number, code: number | null, extra: Partial<WarehouseEvent> = {}): WarehouseEvent =>
  ({ type: "ITEM_UPDATED", at: T(minute), whiplashSyncCode: code, ...extra }) as WarehouseEvent;
/** A merchant's in-app choice at app time `minute`. */
const person = (s: ItemState, setting: ItemState["syncSetting"], minute: number): ItemState => ({ ...s, syncSetting: setting, syncSettingSetBy: "PERSON", syncSettingSetAt: T(minute) });

describe("Whiplash's Sync Inventory code sets the item's setting", () => {
  it("Never in Whiplash: the item is Never here and does not sync, even with stock and Process Orders on", () => {
    const s = run(item({ processOrders: true, sellableByWarehouse: { 1: 5 } }), [rules(1, 0)]);
    expect(s).toMatchObject({ syncSetting: "NEVER", syncSettingSetBy: "WHIPLASH", syncSettingSetAt: T(1), whiplashSyncCode: 0, whiplashRulesAt: T(1) });
    expect(decideSync({ shop: SHOP, customer: prefs, item: s, link: LINK, trigger: "WEBHOOK" })).toMatchObject({ kind: "skip", reason: "NEVER" });
  });

  it("an older report is stale; the newest report wins whatever the arrival order", () => {
    const forward = run(item(), [rules(1, 0), rules(2, 1), rules(3, 2)]);
    const backward = run(item(), [rules(3, 2), rules(2, 1), rules(1, 0)]);
    expect(forward.syncSetting).toBe("PROCESS_ORDERS_ONLY");
    expect(backward).toEqual(forward);
    expect(applyWarehouseEvent(forward, rules(2, 0), prefs).outcome).toBe("STALE");
  });

  it("null (no override in Whiplash) is Customer Default", () => {
    expect(run(item({ syncSetting: "ALWAYS" }), [rules(1, null)]).syncSetting).toBe("CUSTOMER_DEFAULT");
  });

  it("an unknown code keeps ours and is recorded (so the item page can flag it), never guessed", () => {
    const s = run(item({ syncSetting: "ALWAYS" }), [rules(1, 7)]);
    expect(s).toMatchObject({ syncSetting: "ALWAYS", whiplashSyncCode: 7, whiplashRulesAt: T(1) });
    expect(s.syncSettingSetBy ?? "IMPORT").toBe("IMPORT");
  });

  it("a tie at the same instant with different codes asks for a re-read, and the re-read wins", () => {
    const s = run(item(), [rules(1, 0)]);
    const tie = applyWarehouseEvent(s, rules(1, 1), prefs);
    expect(tie.tie).toBe(true);
    const reread = applyWarehouseEvent(tie.item, rules(1, 0, { reread: true } as Partial<WarehouseEvent>), prefs);
    expect(reread.item.syncSetting).toBe("NEVER");
  });
});

describe("a conflict between a merchant here and Whiplash resolves by time", () => {
  it("a Whiplash change made after the merchant's wins", () => {
    const s = person(run(item(), [rules(1, 2)]), "ALWAYS", 5);
    expect(run(s, [rules(6, 0)])).toMatchObject({ syncSetting: "NEVER", syncSettingSetBy: "WHIPLASH" });
  });

  it("a Whiplash change made before the merchant's (delivered late) does not undo it", () => {
    const s = person(run(item(), [rules(1, 2)]), "ALWAYS", 5);
    expect(run(s, [rules(4, 0)])).toMatchObject({ syncSetting: "ALWAYS", syncSettingSetBy: "PERSON" });
  });

  it("Whiplash repeating its old code (no change there) does not undo the merchant's choice", () => {
    const s = person(run(item(), [rules(1, 2)]), "ALWAYS", 5);
    expect(run(s, [rules(9, 2)])).toMatchObject({ syncSetting: "ALWAYS", syncSettingSetBy: "PERSON" });
  });

  it("Whiplash echoing the merchant's choice (the write-back arrived) changes nothing but the record", () => {
    const s = person(run(item(), [rules(1, 2)]), "ALWAYS", 5);
    expect(run(s, [rules(7, 1)])).toMatchObject({ syncSetting: "ALWAYS", syncSettingSetBy: "PERSON", whiplashSyncCode: 1, whiplashRulesAt: T(7) });
  });
});

describe("include_inbound_in_published", () => {
  const line = { shipNoticeId: 1, lineId: 1, warehouseId: 1, expected: 10, receivedGood: 0, damaged: 0, publish: true, completed: false, lastEventAt: T(0) };
  it("off in Whiplash: published inbound lines add nothing; on or unreported: they do", () => {
    const base = item({ sellableByWarehouse: { 1: 3 }, shipLines: [line], syncSetting: "ALWAYS" });
    expect(quantityToPublish(base, prefs, [1])).toBe(13);
    const off = run(base, [{ type: "ITEM_UPDATED", at: T(1), whiplashIncludeInbound: false }]);
    expect(off.whiplashIncludeInbound).toBe(false);
    expect(quantityToPublish(off, prefs, [1])).toBe(3);
    expect(quantityToPublish(run(off, [{ type: "ITEM_UPDATED", at: T(2), whiplashIncludeInbound: true }]), prefs, [1])).toBe(13);
  });
});
