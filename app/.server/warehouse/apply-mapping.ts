// Turns a stored Whiplash webhook into domain WarehouseEvents, per item (DESIGN.md section 6 -> the
// domain core's applyWarehouseEvent). No rule lives here: only translation, plus filling the holes a
// tolerant payload may have (no updated_at, no per-warehouse breakdown, no ship-notice warehouse) from
// what we already store or, failing that, by re-reading Whiplash through `EventResolver`.
import type { ItemState, ShipLineState, WarehouseEvent, WarehouseQuantities } from "../../domain";
import type { KnownWhiplashEvent, WhiplashItem, WhiplashShipNotice, WhiplashShipNoticeItem } from "../whiplash/payloads";
import { PermanentJobError } from "../jobs/errors";

/** What the mapping may look up. The worker implements it with the database and the Whiplash API. */
export interface EventResolver {
  /** The item as we store it (null: not imported yet). */
  currentItem(whiplashItemId: number): Promise<ItemState | null>;
  /** Re-read the item from Whiplash (incomplete payload). */
  fetchItem(whiplashItemId: number): Promise<WhiplashItem>;
  fetchWarehouseQuantities(whiplashItemId: number): Promise<WarehouseQuantities>;
  /** The item's ship-notice lines, from Whiplash. */
  fetchItemShipNoticeLines(whiplashItemId: number): Promise<WhiplashShipNoticeItem[]>;
  /** A ship notice (stored or re-read); null if unknown everywhere. */
  shipNotice(shipNoticeId: number): Promise<{ warehouseId: number; status: number | null } | null>;
  fetchShipNotice(shipNoticeId: number): Promise<WhiplashShipNotice>;
  /** Whiplash item ids with stored lines in this notice. */
  itemsWithLinesIn(shipNoticeId: number): Promise<number[]>;
}

export interface ItemEvents {
  whiplashItemId: number;
  /** For an item we have not imported yet. */
  sku: string | null;
  title: string | null;
  events: WarehouseEvent[];
}

export const COMPLETED_STATUS = 300;

/** Per-warehouse quantities from a payload, preferring Whiplash's sellable figure; null if absent. */
export function payloadQuantities(item: WhiplashItem): WarehouseQuantities | null {
  if (!item.warehouse_quantities || item.warehouse_quantities.length === 0) return null;
  const out: WarehouseQuantities = {};
  for (const row of item.warehouse_quantities) {
    const warehouseId = row.warehouse_id ?? row.warehouse?.id;
    const quantity = row.sellable_quantity ?? row.quantity;
    if (warehouseId == null || quantity == null) continue;
    out[warehouseId] = quantity;
  }
  return Object.keys(out).length > 0 ? out : null;
}

function knownWarehouses(item: ItemState | null): number[] {
  if (!item) return [];
  const ids = new Set<number>(Object.keys(item.sellableByWarehouse).map(Number));
  for (const line of item.shipLines) ids.add(line.warehouseId);
  return [...ids];
}

/**
 * The item's quantities by warehouse. A total without a breakdown is only attributed without asking
 * when that is unambiguous (one known warehouse, or 0 everywhere); otherwise Whiplash is asked.
 */
async function quantitiesOf(item: WhiplashItem, current: ItemState | null, r: EventResolver): Promise<WarehouseQuantities | null> {
  const fromPayload = payloadQuantities(item);
  if (fromPayload) return fromPayload;
  if (item.quantity == null) return null;
  const warehouses = knownWarehouses(current);
  if (warehouses.length === 1) return { [warehouses[0]]: item.quantity };
  if (item.quantity === 0 && warehouses.length > 0) return Object.fromEntries(warehouses.map((w) => [w, 0]));
  return r.fetchWarehouseQuantities(item.id);
}

/** An item event with its timestamp and quantities, re-reading the item when the payload lacks them. */
async function completeItem(
  item: WhiplashItem,
  needsQuantities: boolean,
  current: ItemState | null,
  r: EventResolver,
): Promise<{ item: WhiplashItem; at: string; quantities: WarehouseQuantities | null }> {
  let source = item;
  let quantities = needsQuantities ? await quantitiesOf(item, current, r) : payloadQuantities(item);
  if (!source.updated_at || (needsQuantities && !quantities)) {
    source = await r.fetchItem(item.id);
    quantities = needsQuantities ? await quantitiesOf(source, current, r) : payloadQuantities(source);
  }
  if (!source.updated_at) throw new PermanentJobError(`item ${item.id}: no updated_at even after re-reading it`);
  if (needsQuantities && !quantities) throw new PermanentJobError(`item ${item.id}: no quantities even after re-reading it`);
  return { item: source, at: source.updated_at, quantities };
}

function findLine(item: ItemState | null, shipNoticeId: number, lineId: number): ShipLineState | undefined {
  return item?.shipLines.find((l) => l.shipNoticeId === shipNoticeId && l.lineId === lineId);
}

/** A ship-notice line as a LINE_UPDATED event; fields the payload lacks keep what we have. */
function lineEvent(
  line: WhiplashShipNoticeItem,
  notice: { id: number; warehouseId: number; completed: boolean; at: string | null },
  current: ItemState | null,
  publishOverride?: boolean,
): WarehouseEvent | null {
  const at = line.updated_at ?? notice.at;
  if (!at) return null;
  const existing = findLine(current, notice.id, line.id);
  const expected = line.quantity ?? existing?.expected;
  if (expected == null) return null;
  return {
    type: "SHIP_NOTICE_LINE_UPDATED",
    at,
    line: {
      shipNoticeId: notice.id,
      lineId: line.id,
      warehouseId: line.warehouse_id ?? notice.warehouseId,
      expected,
      publish: publishOverride ?? line.include_in_published ?? existing?.publish ?? false,
      ...(line.quantity_good != null ? { receivedGood: line.quantity_good } : {}),
      ...(line.quantity_damaged != null ? { damaged: line.quantity_damaged } : {}),
      noticeCompleted: notice.completed,
    },
  };
}

async function noticeWarehouse(id: number, hint: number | null | undefined, r: EventResolver): Promise<number> {
  if (hint != null) return hint;
  const stored = await r.shipNotice(id);
  if (stored) return stored.warehouseId;
  const fetched = await r.fetchShipNotice(id);
  if (fetched.warehouse_id == null) throw new PermanentJobError(`ship notice ${id}: no warehouse`);
  return fetched.warehouse_id;
}

function push(map: Map<number, ItemEvents>, whiplashItemId: number, event: WarehouseEvent, sku: string | null = null, title: string | null = null) {
  const entry = map.get(whiplashItemId) ?? { whiplashItemId, sku, title, events: [] };
  entry.sku ??= sku;
  entry.title ??= title;
  entry.events.push(event);
  map.set(whiplashItemId, entry);
}

export async function toWarehouseEvents(event: KnownWhiplashEvent, r: EventResolver): Promise<ItemEvents[]> {
  const out = new Map<number, ItemEvents>();
  if (event.kind === "item") {
    const current = await r.currentItem(event.item.id);
    const name = event.event_name;
    const needsQuantities = name === "item.inventory_changed" || name === "item.inventory_adjusted";
    const { item, at, quantities } = await completeItem(event.item, needsQuantities, current, r);
    const sku = item.sku ?? null;
    const title = item.title ?? null;
    // Every item event carries Whiplash's Process Orders flag when the payload has it (rule 3.10).
    const flag = whiplashFlag(item);
    switch (name) {
      case "item.inventory_changed":
        push(out, item.id, { type: "INVENTORY_CHANGED", at, sellableByWarehouse: quantities!, ...flag }, sku, title);
        break;
      case "item.inventory_adjusted":
        push(out, item.id, { type: "ADJUSTMENT", at, sellableByWarehouse: quantities!, ...flag }, sku, title);
        break;
      case "item.out_of_stock":
        push(out, item.id, { type: "OUT_OF_STOCK", at, ...flag }, sku, title);
        break;
      case "item.inventory_received": {
        const line = (event as Record<string, unknown>).shipnotice_item as WhiplashShipNoticeItem | undefined;
        const sellable = quantities ?? (item.quantity != null ? await quantitiesOf(item, current, r) : null);
        if (line && line.shipnotice_id != null && line.quantity_good != null) {
          const warehouseId = await noticeWarehouse(line.shipnotice_id, line.warehouse_id, r);
          push(out, item.id, {
            type: "RECEIPT",
            at,
            line: {
              shipNoticeId: line.shipnotice_id,
              lineId: line.id,
              warehouseId,
              receivedGood: line.quantity_good,
              ...(line.quantity_damaged != null ? { damaged: line.quantity_damaged } : {}),
              ...(line.quantity != null ? { expected: line.quantity } : {}),
            },
            ...(sellable ? { sellableByWarehouse: sellable } : {}),
            ...flag,
          }, sku, title);
        } else {
          push(out, item.id, { type: "RECEIPT", at, ...(sellable ? { sellableByWarehouse: sellable } : {}), ...flag }, sku, title);
          // Without the line we cannot tell which published inbound units just arrived; if any line of
          // the item is published and open, re-read its lines so the inbound part is not counted twice.
          if (current?.shipLines.some((l) => l.publish && !l.completed)) {
            for (const l of await r.fetchItemShipNoticeLines(item.id)) {
              if (l.shipnotice_id == null) continue;
              const warehouseId = await noticeWarehouse(l.shipnotice_id, l.warehouse_id, r);
              const e = lineEvent(l, { id: l.shipnotice_id, warehouseId, completed: false, at }, current);
              if (e) push(out, item.id, e);
            }
          }
        }
        break;
      }
      case "item.created":
      case "item.updated":
        push(out, item.id, {
          type: name === "item.created" ? "ITEM_CREATED" : "ITEM_UPDATED",
          at,
          ...(item.sku ? { sku: item.sku } : {}),
          ...(quantities ? { sellableByWarehouse: quantities } : {}),
          ...flag,
        }, sku, title);
        break;
    }
    return [...out.values()];
  }

  if (event.kind === "shipnotice") {
    let notice = event.shipnotice;
    if (!notice.shipnotice_items || notice.warehouse_id == null || !notice.updated_at) {
      notice = { ...(await r.fetchShipNotice(notice.id)), ...stripNullish(notice) };
    }
    const completed = notice.status === COMPLETED_STATUS || event.event_name === "shipnotice.completed";
    const warehouseId = await noticeWarehouse(notice.id, notice.warehouse_id, r);
    const ctx = { id: notice.id, warehouseId, completed, at: notice.updated_at ?? null };
    for (const line of notice.shipnotice_items ?? []) {
      const current = await r.currentItem(line.item_id);
      const e = lineEvent(line, ctx, current);
      if (e) push(out, line.item_id, e, line.sku ?? null);
    }
    if (completed) {
      const at = notice.completed_at ?? notice.updated_at;
      if (!at) throw new PermanentJobError(`ship notice ${notice.id}: completed without a timestamp`);
      const items = new Set([...(notice.shipnotice_items ?? []).map((l) => l.item_id), ...(await r.itemsWithLinesIn(notice.id))]);
      for (const itemId of items) push(out, itemId, { type: "SHIP_NOTICE_COMPLETED", at, shipNoticeId: notice.id });
    }
    return [...out.values()];
  }

  // shipnotice_item.published / unpublished
  const line = event.shipnotice_item;
  const shipNoticeId = line.shipnotice_id ?? event.shipnotice?.id;
  if (shipNoticeId == null) throw new PermanentJobError(`ship-notice line ${line.id}: no shipnotice_id`);
  const warehouseId = await noticeWarehouse(shipNoticeId, line.warehouse_id ?? event.shipnotice?.warehouse_id, r);
  const stored = await r.shipNotice(shipNoticeId);
  const status = event.shipnotice?.status ?? stored?.status ?? null;
  const current = await r.currentItem(line.item_id);
  const publish = event.event_name === "shipnotice_item.published" ? true : false;
  const e = lineEvent(
    line,
    { id: shipNoticeId, warehouseId, completed: status === COMPLETED_STATUS, at: event.shipnotice?.updated_at ?? null },
    current,
    line.include_in_published ?? publish,
  );
  if (!e) throw new PermanentJobError(`ship-notice line ${line.id}: no timestamp or expected quantity`);
  push(out, line.item_id, e, line.sku ?? null);
  return [...out.values()];
}

/**
 * The item (and, when asked, its ship-notice lines) as Whiplash has it now, as `reread` events, which win
 * a tie with what we hold. Asked for when two events carried the same time and different content (the
 * domain's "Ties" in apply-event.ts): the API knows which change came last, the events cannot tell.
 */
export async function rereadEvents(whiplashItemId: number, current: ItemState | null, r: EventResolver, what: { lines: boolean }): Promise<WarehouseEvent[]> {
  const out: WarehouseEvent[] = [];
  const item = await r.fetchItem(whiplashItemId);
  // A read that cannot be ordered settles nothing: the tie stays decided by content.
  if (!item.updated_at) return [];
  const quantities = await quantitiesOf(item, current, r);
  out.push({
    type: "ITEM_UPDATED",
    at: item.updated_at,
    reread: true,
    ...(item.sku ? { sku: item.sku } : {}),
    ...(quantities ? { sellableByWarehouse: quantities } : {}),
    ...whiplashFlag(item),
  });
  if (what.lines) {
    for (const l of await r.fetchItemShipNoticeLines(whiplashItemId)) {
      if (l.shipnotice_id == null) continue;
      const warehouseId = await noticeWarehouse(l.shipnotice_id, l.warehouse_id, r);
      const e = lineEvent(l, { id: l.shipnotice_id, warehouseId, completed: false, at: null }, current);
      if (e?.type === "SHIP_NOTICE_LINE_UPDATED") out.push({ ...e, reread: true });
    }
  }
  return out;
}

/**
 * Whiplash's Process Orders flag (`available`, rule 3.10) and its item rules (`notify_originator_inventory`,
 * raw; `include_inbound_in_published`: docs/decisions/0010) as event fields, when the item resource has them.
 * A present `notify_originator_inventory: null` is a report (no override: Customer Default); an absent key is not.
 */
export function whiplashFlag(item: WhiplashItem): { whiplashProcessOrders?: boolean; whiplashSyncCode?: number | null; whiplashIncludeInbound?: boolean } {
  return {
    ...(typeof item.available === "boolean" ? { whiplashProcessOrders: item.available } : {}),
    ...("notify_originator_inventory" in item && item.notify_originator_inventory !== undefined ? { whiplashSyncCode: item.notify_originator_inventory } : {}),
    ...(typeof item.include_inbound_in_published === "boolean" ? { whiplashIncludeInbound: item.include_inbound_in_published } : {}),
  };
}

function stripNullish<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}
