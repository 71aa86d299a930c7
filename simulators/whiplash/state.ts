// In-memory Whiplash: customers, warehouses, items with per-warehouse stock, ship notices and their
// lines. Every mutation returns the webhook payloads Whiplash would send for it (see actions.ts);
// server.ts delivers them. Timestamps come from a clock that never repeats, so `updated_at` orders
// every change of a resource, as the app's ordering rule (DESIGN.md 3.7) expects.

export interface SimWarehouse {
  id: number;
  name: string;
}

export interface SimCustomer {
  id: number;
  name: string;
  /** Process Orders mode code ("items_unavailable_on_sellout"); informational here. */
  items_unavailable_on_sellout: number;
  /** Customer Preferences "Sync Inventory" default (code per docs/decisions/0010). */
  notify_originator_inventory: number | null;
  updated_at?: string;
}

export interface SimItem {
  id: number;
  customer_id: number;
  sku: string;
  title: string;
  /** warehouse id -> available units */
  stock: Map<number, number>;
  /** Whiplash's Process Orders flag. */
  available: boolean;
  active: boolean;
  include_inbound_in_published: boolean;
  /** The item's Rules tab "Sync Inventory" (null: Customer Default; codes per docs/decisions/0010). */
  notify_originator_inventory?: number | null;
  created_at: string;
  updated_at: string;
}

export interface SimLine {
  id: number;
  shipnotice_id: number;
  item_id: number;
  quantity: number;
  quantity_good: number;
  quantity_damaged: number;
  include_in_published: boolean;
  updated_at: string;
}

export interface SimShipNotice {
  id: number;
  customer_id: number;
  warehouse_id: number;
  /** 25 unexpected, 100 in transit, 150 arrived, 200 processing, 300 completed */
  status: number;
  reference: string;
  lines: SimLine[];
  completed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SimState {
  customers: Map<number, SimCustomer>;
  warehouses: Map<number, SimWarehouse>;
  items: Map<number, SimItem>;
  shipNotices: Map<number, SimShipNotice>;
  ids: { item: number; shipNotice: number; line: number };
  /** Last timestamp handed out (ms); the next one is strictly later. */
  lastStamp: number;
  now: () => number;
}

export const STATUS = { UNEXPECTED: 25, IN_TRANSIT: 100, ARRIVED: 150, PROCESSING: 200, COMPLETED: 300 } as const;

export function createState(now: () => number = Date.now): SimState {
  return {
    customers: new Map(),
    warehouses: new Map(),
    items: new Map(),
    shipNotices: new Map(),
    ids: { item: 5000, shipNotice: 700, line: 90000 },
    lastStamp: 0,
    now,
  };
}

/** A fresh timestamp, strictly after every earlier one (two changes in the same ms still order). */
export function stamp(state: SimState): string {
  state.lastStamp = Math.max(state.now(), state.lastStamp + 1);
  return new Date(state.lastStamp).toISOString();
}

export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function getItem(state: SimState, id: number): SimItem {
  const item = state.items.get(id);
  if (!item) throw new SimError(404, `item ${id} not found`);
  return item;
}

export function getShipNotice(state: SimState, id: number): SimShipNotice {
  const notice = state.shipNotices.get(id);
  if (!notice) throw new SimError(404, `ship notice ${id} not found`);
  return notice;
}

export function totalStock(item: SimItem): number {
  let n = 0;
  for (const q of item.stock.values()) n += q;
  return n;
}

// --- API representations (the shapes of DESIGN.md section 6; extra fields like Whiplash's) ----------

export function itemJson(item: SimItem, state: SimState, options: { warehouseQuantities?: boolean } = {}) {
  const inbound = inboundPublished(state, item.id);
  return {
    id: item.id,
    customer_id: item.customer_id,
    sku: item.sku,
    title: item.title,
    quantity: totalStock(item),
    published_quantity: totalStock(item) + (item.include_inbound_in_published ? inbound : 0),
    include_inbound_in_published: item.include_inbound_in_published,
    available: item.available,
    active: item.active,
    notify_originator_inventory: item.notify_originator_inventory ?? null,
    is_bundle: false,
    created_at: item.created_at,
    updated_at: item.updated_at,
    ...(options.warehouseQuantities === false ? {} : { warehouse_quantities: warehouseQuantitiesJson(item, state) }),
  };
}

export function warehouseQuantitiesJson(item: SimItem, state: SimState) {
  return [...item.stock.entries()]
    .sort(([a], [b]) => a - b)
    .map(([warehouseId, quantity]) => ({
      warehouse_id: warehouseId,
      warehouse: { id: warehouseId, name: state.warehouses.get(warehouseId)?.name ?? `Warehouse ${warehouseId}` },
      quantity,
      sellable_quantity: quantity,
      projected_quantity: quantity,
    }));
}

export function lineJson(line: SimLine, state: SimState) {
  const notice = state.shipNotices.get(line.shipnotice_id);
  return {
    id: line.id,
    shipnotice_id: line.shipnotice_id,
    item_id: line.item_id,
    sku: state.items.get(line.item_id)?.sku ?? null,
    customer_id: notice?.customer_id ?? null,
    warehouse_id: notice?.warehouse_id ?? null,
    quantity: line.quantity,
    quantity_good: line.quantity_good,
    quantity_damaged: line.quantity_damaged,
    unallocated: 0,
    include_in_published: line.include_in_published,
    location_role: "pickable",
    updated_at: line.updated_at,
  };
}

export function shipNoticeJson(notice: SimShipNotice, state: SimState) {
  return {
    id: notice.id,
    type: "Shipnotice",
    customer_id: notice.customer_id,
    warehouse_id: notice.warehouse_id,
    status: notice.status,
    status_name: statusName(notice.status),
    reference: notice.reference,
    completed_at: notice.completed_at,
    created_at: notice.created_at,
    updated_at: notice.updated_at,
    shipnotice_item_count: notice.lines.length,
    shipnotice_item_quantity: notice.lines.reduce((n, l) => n + l.quantity, 0),
    shipnotice_items: notice.lines.map((l) => lineJson(l, state)),
  };
}

export function statusName(status: number): string {
  return (
    { 25: "Unexpected", 50: "Draft", 100: "In Transit", 150: "Arrived", 200: "Processing", 250: "Problem", 300: "Completed" }[status] ??
    String(status)
  );
}

/** Units of published, not-yet-received lines of open notices (Whiplash's inbound in published_quantity). */
export function inboundPublished(state: SimState, itemId: number): number {
  let n = 0;
  for (const notice of state.shipNotices.values()) {
    if (notice.status === STATUS.COMPLETED) continue;
    for (const line of notice.lines) {
      if (line.item_id === itemId && line.include_in_published) {
        n += Math.max(0, line.quantity - line.quantity_good - line.quantity_damaged);
      }
    }
  }
  return n;
}
