// evaluatePending: the writer's decision at send time for its pending rows. What it adds to the domain's
// planSyncs (a shop that is gone or not connected, an item not loaded for this shop), and that the
// quantity and reason come from the stored state at send time, not from what was queued.
import { describe, expect, it } from "vitest";
import type { CustomerPrefs, ItemState, ShopPrefs, SyncTrigger } from "../../../domain/types";
import type { DecisionContext, ItemDecisionInput, PendingRow } from "../../db/writer-store";
import { evaluatePending } from "./evaluate-pending";

const APP = "gid://shopify/Location/1";
const OWN = "gid://shopify/Location/2";
const SHOP: ShopPrefs = { syncEnabled: true, defaultLocationId: APP, warehouseLocations: { 2: OWN } };
const CUSTOMER: CustomerPrefs = { defaultSyncSetting: "PROCESS_ORDERS_ONLY", processOrdersMode: "ON_RECEIPT_OFF_AT_SELLOUT", defaultBuffer: 0 };

function item(over: Partial<ItemState> = {}): ItemState {
  return {
    whiplashItemId: 1,
    sku: "SKU-1",
    sellableByWarehouse: { 1: 7 },
    receivedTotal: 7,
    firstReceivedAt: "2026-01-01T00:00:00.000Z",
    processOrders: true,
    processOrdersSetBy: "AUTOMATION",
    syncSetting: "CUSTOMER_DEFAULT",
    bufferOverride: null,
    lastEventAt: "2026-01-02T00:00:00.000Z",
    shipLines: [],
    ...over,
  };
}

function input(over: Partial<ItemState> = {}, rest: Partial<Omit<ItemDecisionInput, "item">> = {}): ItemDecisionInput {
  return { item: item(over), link: { inventoryItemId: "gid://shopify/InventoryItem/9", tracked: true }, known: {}, ...rest };
}

function row(itemId: string, o: { trigger?: SyncTrigger; wanted?: number; locationId?: string; force?: boolean } = {}): PendingRow {
  return {
    shopId: "shop.myshopify.com",
    itemId,
    locationId: o.locationId ?? APP,
    wanted: o.wanted ?? 0,
    trigger: o.trigger ?? "WEBHOOK",
    force: o.force ?? false,
    runId: null,
    attempts: 0,
    enqueuedAt: new Date("2026-01-03T00:00:00.000Z"),
  };
}

function context(items: Record<string, ItemDecisionInput>, over: Partial<DecisionContext> = {}): DecisionContext {
  return { shop: SHOP, customer: CUSTOMER, items: new Map(Object.entries(items)), ...over };
}

/** [itemId, reason, quantity] of each skip, and [itemId, quantity, before, reason] of each write. */
function summary(result: ReturnType<typeof evaluatePending>) {
  return {
    writes: result.writes.map((w) => [w.row.itemId, w.quantity, w.before, w.reason]),
    skips: result.settled.map((s) => [s.row.itemId, s.kind === "skipped" ? s.reason : s.kind, s.kind === "skipped" ? s.quantity : null]),
  };
}

describe("evaluatePending", () => {
  it("a shop that is gone (uninstalled) or not connected to a customer skips every row as store sync off", () => {
    const rows = [row("a"), row("b")];
    for (const over of [{ shop: null }, { customer: null }]) {
      const result = evaluatePending(rows, context({ a: input(), b: input() }, over));
      expect(summary(result)).toEqual({ writes: [], skips: [["a", "STORE_SYNC_OFF", null], ["b", "STORE_SYNC_OFF", null]] });
      // The outcome carries the row itself, so recording it deletes exactly that row.
      expect(result.settled.map((s) => s.row)).toEqual(rows);
    }
  });

  it("a row whose item was not loaded for this shop (another customer's, or deleted) is unmatched", () => {
    expect(summary(evaluatePending([row("mine"), row("foreign")], context({ mine: input() })))).toEqual({
      writes: [["mine", 7, null, "PROCESSING_ORDERS"]],
      skips: [["foreign", "UNMATCHED", null]],
    });
  });

  it("writes the quantity the stored item gives at send time, not the one queued", () => {
    const result = evaluatePending([row("a", { wanted: 99 })], context({ a: input({ sellableByWarehouse: { 1: 4 } }, { known: { [APP]: 10 } }) }));
    expect(summary(result)).toEqual({ writes: [["a", 4, 10, "PROCESSING_ORDERS"]], skips: [] });
    expect(result.writes[0]).toMatchObject({ inventoryItemId: "gid://shopify/InventoryItem/9", locationId: APP });
  });

  it("obeys the item's setting as it is now: Never skips with the quantity it would have had, Always writes", () => {
    const result = evaluatePending(
      [row("never"), row("always")],
      context({ never: input({ syncSetting: "NEVER" }), always: input({ syncSetting: "ALWAYS", processOrders: false, processOrdersSetBy: "PERSON" }) }),
    );
    expect(summary(result)).toEqual({ writes: [["always", 7, null, "ALWAYS"]], skips: [["never", "NEVER", 7]] });
  });

  it("standard setup: Process Orders off skips; a never-received item is not zeroed out", () => {
    const result = evaluatePending(
      [row("off"), row("unreceived")],
      context({
        off: input({ processOrders: false, processOrdersSetBy: "PERSON" }),
        unreceived: input({ sellableByWarehouse: {}, receivedTotal: 0, firstReceivedAt: null, processOrders: false, processOrdersSetBy: "IMPORT" }),
      }),
    );
    expect(summary(result)).toEqual({ writes: [], skips: [["off", "NOT_PROCESSING_ORDERS", 7], ["unreceived", "NOT_PROCESSING_ORDERS", 0]] });
  });

  it("a sell-out's own sync publishes the final 0 although automation has switched Process Orders off", () => {
    const soldOut = input({ sellableByWarehouse: { 1: 0 }, processOrders: false, processOrdersSetBy: "AUTOMATION" }, { known: { [APP]: 5 } });
    expect(summary(evaluatePending([row("a", { trigger: "SELLOUT" })], context({ a: soldOut })))).toEqual({
      writes: [["a", 0, 5, "SELLOUT_FINAL"]],
      skips: [],
    });
    // Any other trigger for the same state is held back by Process Orders being off.
    expect(summary(evaluatePending([row("a", { trigger: "WEBHOOK" })], context({ a: soldOut })))).toEqual({
      writes: [],
      skips: [["a", "NOT_PROCESSING_ORDERS", 0]],
    });
    // A person switching it off is not a sell-out: nothing is published for them.
    const byPerson = input({ sellableByWarehouse: { 1: 0 }, processOrders: false, processOrdersSetBy: "PERSON" }, { known: { [APP]: 5 } });
    expect(summary(evaluatePending([row("a", { trigger: "SELLOUT" })], context({ a: byPerson }))).skips).toEqual([["a", "NOT_PROCESSING_ORDERS", 0]]);
  });

  it("what Shopify already shows is skipped as unchanged, unless the row was forced", () => {
    const same = input({}, { known: { [APP]: 7 } });
    expect(summary(evaluatePending([row("a")], context({ a: same })))).toEqual({ writes: [], skips: [["a", "UNCHANGED", 7]] });
    expect(summary(evaluatePending([row("a", { force: true })], context({ a: same })))).toEqual({ writes: [["a", 7, 7, "PROCESSING_ORDERS"]], skips: [] });
  });

  it("each row is decided at its own location; one the item no longer maps to is skipped as no location", () => {
    const twoWarehouses = input({ sellableByWarehouse: { 1: 7, 2: 3 } });
    const result = evaluatePending(
      [row("a", { locationId: APP }), row("a", { locationId: OWN }), row("a", { locationId: "gid://shopify/Location/77" })],
      context({ a: twoWarehouses }),
    );
    expect(result.writes.map((w) => [w.locationId, w.quantity])).toEqual([
      [APP, 7],
      [OWN, 3],
    ]);
    expect(result.settled.map((s) => [s.row.locationId, s.kind === "skipped" && s.reason])).toEqual([["gid://shopify/Location/77", "NO_LOCATION"]]);
  });

  it("an unmatched or untracked variant is not written", () => {
    const result = evaluatePending(
      [row("nolink"), row("untracked")],
      context({ nolink: input({}, { link: null }), untracked: input({}, { link: { inventoryItemId: "gid://shopify/InventoryItem/9", tracked: false } }) }),
    );
    expect(result.writes).toEqual([]);
    expect(result.settled.map((s) => [s.row.itemId, s.kind === "skipped" && s.reason])).toEqual([
      ["nolink", "UNMATCHED"],
      ["untracked", "NOT_TRACKED"],
    ]);
  });
});
