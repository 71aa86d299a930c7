import { describe, expect, it, vi } from "vitest";
import { newItemState, type ItemState } from "../../domain";
import { parseWhiplashWebhook, type KnownWhiplashEvent } from "../whiplash/payloads";
import { rereadEvents, toWarehouseEvents, type EventResolver } from "./apply-mapping";

function known(body: unknown): KnownWhiplashEvent {
  const r = parseWhiplashWebhook(body);
  if (r.status !== "known") throw new Error(JSON.stringify(r));
  return r.event;
}

function resolver(items: Record<number, ItemState> = {}, over: Partial<EventResolver> = {}): EventResolver {
  return {
    currentItem: async (id) => items[id] ?? null,
    fetchItem: vi.fn(async () => {
      throw new Error("unexpected fetchItem");
    }),
    fetchWarehouseQuantities: vi.fn(async () => {
      throw new Error("unexpected fetchWarehouseQuantities");
    }),
    fetchItemShipNoticeLines: vi.fn(async () => []),
    shipNotice: async () => null,
    fetchShipNotice: vi.fn(async () => {
      throw new Error("unexpected fetchShipNotice");
    }),
    itemsWithLinesIn: async () => [],
    ...over,
  };
}

const at = "2026-03-01T12:00:00.000Z";

describe("toWarehouseEvents", () => {
  it("maps inventory_changed with per-warehouse quantities (sellable preferred)", async () => {
    const events = await toWarehouseEvents(
      known({
        event_name: "item.inventory_changed",
        item: { id: 7, customer_id: 1, sku: "A", updated_at: at, warehouse_quantities: [{ warehouse_id: 1, quantity: 9, sellable_quantity: 8 }, { warehouse: { id: 2 }, quantity: 3 }] },
      }),
      resolver(),
    );
    expect(events).toEqual([{ whiplashItemId: 7, sku: "A", title: null, events: [{ type: "INVENTORY_CHANGED", at, sellableByWarehouse: { 1: 8, 2: 3 } }] }]);
  });

  it("every item event carries Whiplash's Process Orders flag (available) when the payload has it (rule 3.10)", async () => {
    const item = { id: 7, customer_id: 1, sku: "A", updated_at: at, warehouse_quantities: [{ warehouse_id: 1, quantity: 0 }] };
    for (const [name, type] of [
      ["item.inventory_changed", "INVENTORY_CHANGED"],
      ["item.inventory_adjusted", "ADJUSTMENT"],
      ["item.out_of_stock", "OUT_OF_STOCK"],
      ["item.inventory_received", "RECEIPT"],
      ["item.created", "ITEM_CREATED"],
      ["item.updated", "ITEM_UPDATED"],
    ] as const) {
      const on = await toWarehouseEvents(known({ event_name: name, item: { ...item, available: "false" } }), resolver());
      expect(on[0].events[0], name).toMatchObject({ type, whiplashProcessOrders: false });
      const absent = await toWarehouseEvents(known({ event_name: name, item }), resolver());
      expect(absent[0].events[0], name).not.toHaveProperty("whiplashProcessOrders");
    }
  });

  it("attributes a bare total to the item's only known warehouse, and asks Whiplash when ambiguous", async () => {
    const one = { ...newItemState({ whiplashItemId: 7, sku: "A" }), sellableByWarehouse: { 2: 5 } };
    const r1 = await toWarehouseEvents(known({ event_name: "item.inventory_adjusted", item: { id: 7, customer_id: 1, quantity: 4, updated_at: at } }), resolver({ 7: one }));
    expect(r1[0].events[0]).toEqual({ type: "ADJUSTMENT", at, sellableByWarehouse: { 2: 4 } });

    const two = { ...one, sellableByWarehouse: { 1: 1, 2: 5 } };
    const fetchWarehouseQuantities = vi.fn(async () => ({ 1: 0, 2: 4 }));
    const r2 = await toWarehouseEvents(
      known({ event_name: "item.inventory_changed", item: { id: 7, customer_id: 1, quantity: 4, updated_at: at } }),
      resolver({ 7: two }, { fetchWarehouseQuantities }),
    );
    expect(fetchWarehouseQuantities).toHaveBeenCalledWith(7);
    expect(r2[0].events[0]).toMatchObject({ sellableByWarehouse: { 1: 0, 2: 4 } });
  });

  it("re-reads the item when the payload has no updated_at", async () => {
    const fetchItem = vi.fn(async () => ({ id: 7, sku: "A", updated_at: at, warehouse_quantities: [{ warehouse_id: 1, quantity: 2 }] }));
    const r = await toWarehouseEvents(known({ event_name: "item.inventory_changed", item: { id: 7, customer_id: 1 } }), resolver({}, { fetchItem }));
    expect(fetchItem).toHaveBeenCalledOnce();
    expect(r[0].events[0]).toEqual({ type: "INVENTORY_CHANGED", at, sellableByWarehouse: { 1: 2 } });
  });

  it("maps a receipt with its ship-notice line, and without one", async () => {
    const withLine = await toWarehouseEvents(
      known({
        event_name: "item.inventory_received",
        item: { id: 7, customer_id: 1, updated_at: at, warehouse_quantities: [{ warehouse_id: 1, quantity: 10 }] },
        shipnotice_item: { id: 55, item_id: 7, shipnotice_id: 3, warehouse_id: 1, quantity: 12, quantity_good: 10 },
      }),
      resolver(),
    );
    expect(withLine[0].events).toEqual([
      { type: "RECEIPT", at, line: { shipNoticeId: 3, lineId: 55, warehouseId: 1, receivedGood: 10, expected: 12 }, sellableByWarehouse: { 1: 10 } },
    ]);
    const bare = await toWarehouseEvents(
      known({ event_name: "item.inventory_received", item: { id: 7, customer_id: 1, updated_at: at, warehouse_quantities: [{ warehouse_id: 1, quantity: 10 }] } }),
      resolver(),
    );
    expect(bare[0].events).toEqual([{ type: "RECEIPT", at, sellableByWarehouse: { 1: 10 } }]);
  });

  it("maps ship-notice lines per item, completion to every item with lines in the notice", async () => {
    const r = await toWarehouseEvents(
      known({
        event_name: "shipnotice.completed",
        shipnotice: {
          id: 3,
          customer_id: 1,
          warehouse_id: 2,
          status: 300,
          updated_at: at,
          completed_at: at,
          shipnotice_items: [{ id: 55, item_id: 7, quantity: 12, quantity_good: 12, include_in_published: true }],
        },
      }),
      resolver({}, { itemsWithLinesIn: async () => [7, 8] }),
    );
    const byItem = Object.fromEntries(r.map((e) => [e.whiplashItemId, e.events.map((x) => x.type)]));
    expect(byItem).toEqual({ 7: ["SHIP_NOTICE_LINE_UPDATED", "SHIP_NOTICE_COMPLETED"], 8: ["SHIP_NOTICE_COMPLETED"] });
    expect(r[0].events[0]).toMatchObject({ line: { warehouseId: 2, expected: 12, receivedGood: 12, publish: true, noticeCompleted: true } });
  });

  it("maps publish/unpublish, finding the warehouse from the stored notice", async () => {
    const r = await toWarehouseEvents(
      known({ event_name: "shipnotice_item.unpublished", shipnotice_item: { id: 55, item_id: 7, shipnotice_id: 3, customer_id: 1, quantity: 12, updated_at: at } }),
      resolver({}, { shipNotice: async () => ({ warehouseId: 4, status: 100 }) }),
    );
    expect(r[0].events).toEqual([
      { type: "SHIP_NOTICE_LINE_UPDATED", at, line: { shipNoticeId: 3, lineId: 55, warehouseId: 4, expected: 12, publish: false, noticeCompleted: false } },
    ]);
  });
});

describe("rereadEvents (a tie: two events with the same time and different content)", () => {
  it("returns the item as Whiplash has it now, and its lines when asked, as re-reads", async () => {
    const fetchItem = vi.fn(async () => ({ id: 7, sku: "A", updated_at: at, warehouse_quantities: [{ warehouse_id: 1, quantity: 2 }] }));
    const fetchItemShipNoticeLines = vi.fn(async () => [
      { id: 55, item_id: 7, shipnotice_id: 3, warehouse_id: 1, quantity: 12, include_in_published: true, updated_at: at },
      { id: 56, item_id: 7, shipnotice_id: null, quantity: 1 },
    ]);
    const r = resolver({}, { fetchItem, fetchItemShipNoticeLines });
    expect(await rereadEvents(7, null, r, { lines: false })).toEqual([{ type: "ITEM_UPDATED", at, reread: true, sku: "A", sellableByWarehouse: { 1: 2 } }]);
    expect(fetchItemShipNoticeLines).not.toHaveBeenCalled();
    expect(await rereadEvents(7, null, r, { lines: true })).toEqual([
      { type: "ITEM_UPDATED", at, reread: true, sku: "A", sellableByWarehouse: { 1: 2 } },
      { type: "SHIP_NOTICE_LINE_UPDATED", at, reread: true, line: { shipNoticeId: 3, lineId: 55, warehouseId: 1, expected: 12, publish: true, noticeCompleted: false } },
    ]);
  });

  it("settles nothing when the item read has no updated_at (it cannot be ordered; the content rule stands)", async () => {
    const r = resolver({}, { fetchItem: vi.fn(async () => ({ id: 7, sku: "A", warehouse_quantities: [{ warehouse_id: 1, quantity: 2 }] })) });
    expect(await rereadEvents(7, null, r, { lines: true })).toEqual([]);
  });
});
