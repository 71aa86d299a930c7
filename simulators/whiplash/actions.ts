// Things that happen at the warehouse. Each returns the webhook payloads Whiplash would send, in the
// order it would send them; the server signs and delivers them (with optional duplicates/reordering).
//
// Payload names: item events are Whiplash's documented names; ship-notice names are our guess
// (app/.server/whiplash/payloads.ts explains). Item payloads carry `warehouse_quantities` unless the
// simulator is told otherwise: real item payloads may not, and the app then re-reads them by API.
import {
  getItem,
  getShipNotice,
  itemJson,
  lineJson,
  shipNoticeJson,
  SimError,
  stamp,
  STATUS,
  totalStock,
  type SimItem,
  type SimLine,
  type SimState,
} from "./state";

export type WebhookPayload = { event_name: string } & Record<string, unknown>;

export interface PayloadOptions {
  /** Include per-warehouse quantities in item payloads (default true). */
  warehouseQuantities?: boolean;
}

export interface ReceiveLine {
  lineId?: number;
  itemId?: number;
  /** Good units received now (default: everything still expected). */
  quantityGood?: number;
  quantityDamaged?: number;
}

function itemPayload(state: SimState, event: string, item: SimItem, o: PayloadOptions, extra: Record<string, unknown> = {}): WebhookPayload {
  return { event_name: event, item: itemJson(item, state, { warehouseQuantities: o.warehouseQuantities }), ...extra };
}

function touch(state: SimState, item: SimItem): void {
  item.updated_at = stamp(state);
}

function sellOutPayloads(state: SimState, item: SimItem, o: PayloadOptions): WebhookPayload[] {
  return totalStock(item) === 0 ? [itemPayload(state, "item.out_of_stock", item, o)] : [];
}

export function receiveShipNotice(state: SimState, id: number, lines: ReceiveLine[] | undefined, o: PayloadOptions = {}): WebhookPayload[] {
  const notice = getShipNotice(state, id);
  if (notice.status === STATUS.COMPLETED) throw new SimError(422, `ship notice ${id} is completed`);
  const targets: Array<{ line: SimLine; good: number; damaged: number }> = [];
  const wanted: ReceiveLine[] = lines ?? notice.lines.map((l) => ({ lineId: l.id }));
  for (const want of wanted) {
    const line = notice.lines.find((l) => (want.lineId !== undefined ? l.id === want.lineId : l.item_id === want.itemId));
    if (!line) throw new SimError(404, `line ${want.lineId ?? "for item " + want.itemId} not in ship notice ${id}`);
    const remaining = Math.max(0, line.quantity - line.quantity_good - line.quantity_damaged);
    const good = Math.max(0, want.quantityGood ?? remaining);
    const damaged = Math.max(0, want.quantityDamaged ?? 0);
    if (good + damaged > 0) targets.push({ line, good, damaged });
  }
  if (targets.length === 0) return [];
  const received: SimItem[] = [];
  for (const { line, good, damaged } of targets) {
    line.quantity_good += good;
    line.quantity_damaged += damaged;
    line.updated_at = stamp(state);
    const item = getItem(state, line.item_id);
    item.stock.set(notice.warehouse_id, (item.stock.get(notice.warehouse_id) ?? 0) + good);
    if (good > 0) item.available = true; // Whiplash's own automation: Process Orders on at receipt
    touch(state, item);
    received.push(item);
  }
  notice.status = Math.max(notice.status, STATUS.PROCESSING);
  notice.updated_at = stamp(state);
  const payloads: WebhookPayload[] = [{ event_name: "shipnotice.items_received", shipnotice: shipNoticeJson(notice, state) }];
  for (const { line } of targets) {
    const item = getItem(state, line.item_id);
    payloads.push(itemPayload(state, "item.inventory_received", item, o, { shipnotice_item: lineJson(line, state) }));
  }
  return payloads;
}

export function completeShipNotice(state: SimState, id: number): WebhookPayload[] {
  const notice = getShipNotice(state, id);
  if (notice.status === STATUS.COMPLETED) return [];
  notice.status = STATUS.COMPLETED;
  notice.completed_at = notice.updated_at = stamp(state);
  return [{ event_name: "shipnotice.completed", shipnotice: shipNoticeJson(notice, state) }];
}

/** An order shipped: stock leaves the warehouse (never below 0). */
export function shipOrder(state: SimState, itemId: number, quantity: number, warehouseId: number | undefined, o: PayloadOptions = {}): WebhookPayload[] {
  const item = getItem(state, itemId);
  const from = warehouseId ?? [...item.stock.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (from === undefined) throw new SimError(422, `item ${itemId} has no stock anywhere`);
  const have = item.stock.get(from) ?? 0;
  const shipped = Math.min(have, Math.max(0, Math.trunc(quantity)));
  if (shipped === 0) throw new SimError(422, `item ${itemId} has no stock at warehouse ${from}`);
  item.stock.set(from, have - shipped);
  touch(state, item);
  return [itemPayload(state, "item.inventory_changed", item, o), ...sellOutPayloads(state, item, o)];
}

/** A stock adjustment (cycle count, found or written-off stock). */
export function adjust(state: SimState, itemId: number, warehouseId: number, delta: number, o: PayloadOptions = {}): WebhookPayload[] {
  const item = getItem(state, itemId);
  if (!state.warehouses.has(warehouseId)) throw new SimError(404, `warehouse ${warehouseId} not found`);
  item.stock.set(warehouseId, Math.max(0, (item.stock.get(warehouseId) ?? 0) + Math.trunc(delta)));
  touch(state, item);
  return [itemPayload(state, "item.inventory_adjusted", item, o), ...sellOutPayloads(state, item, o)];
}

/** Publish (sell ahead of arrival) or unpublish a ship-notice line. */
export function publishLine(state: SimState, lineId: number, publish: boolean): WebhookPayload[] {
  for (const notice of state.shipNotices.values()) {
    const line = notice.lines.find((l) => l.id === lineId);
    if (!line) continue;
    line.include_in_published = publish;
    line.updated_at = stamp(state);
    return [
      {
        event_name: publish ? "shipnotice_item.published" : "shipnotice_item.unpublished",
        shipnotice_item: lineJson(line, state),
      },
    ];
  }
  throw new SimError(404, `ship notice line ${lineId} not found`);
}

export interface NewShipNotice {
  customerId: number;
  warehouseId: number;
  status?: number;
  reference?: string;
  lines: Array<{ itemId: number; quantity: number; publish?: boolean }>;
}

export function createShipNotice(state: SimState, input: NewShipNotice): { id: number; payloads: WebhookPayload[] } {
  const at = stamp(state);
  const id = ++state.ids.shipNotice;
  const notice = {
    id,
    customer_id: input.customerId,
    warehouse_id: input.warehouseId,
    status: input.status ?? STATUS.IN_TRANSIT,
    reference: input.reference ?? `PO-${id}`,
    completed_at: null,
    created_at: at,
    updated_at: at,
    lines: input.lines.map((l) => {
      getItem(state, l.itemId);
      return {
        id: ++state.ids.line,
        shipnotice_id: id,
        item_id: l.itemId,
        quantity: l.quantity,
        quantity_good: 0,
        quantity_damaged: 0,
        include_in_published: l.publish ?? false,
        updated_at: at,
      };
    }),
  };
  state.shipNotices.set(id, notice);
  return { id, payloads: [{ event_name: "shipnotice.created", shipnotice: shipNoticeJson(notice, state) }] };
}

export function createItem(
  state: SimState,
  input: { customerId: number; sku: string; title?: string },
  o: PayloadOptions = {},
): { id: number; payloads: WebhookPayload[] } {
  const at = stamp(state);
  const item: SimItem = {
    id: ++state.ids.item,
    customer_id: input.customerId,
    sku: input.sku,
    title: input.title ?? input.sku,
    stock: new Map(),
    available: false,
    active: true,
    include_inbound_in_published: true,
    created_at: at,
    updated_at: at,
  };
  state.items.set(item.id, item);
  return { id: item.id, payloads: [itemPayload(state, "item.created", item, o)] };
}

/**
 * A person switches the item's Process Orders (`available`) in Whiplash's screen: Whiplash sends
 * item.updated with the new flag (nothing is sent when it does not change).
 */
export function setProcessOrders(state: SimState, id: number, on: boolean, o: PayloadOptions = {}): WebhookPayload[] {
  const item = getItem(state, id);
  if (item.available === on) return [];
  item.available = on;
  touch(state, item);
  return [itemPayload(state, "item.updated", item, o)];
}

export function updateItem(state: SimState, id: number, changes: { sku?: string; title?: string }, o: PayloadOptions = {}): WebhookPayload[] {
  const item = getItem(state, id);
  if (changes.sku !== undefined) item.sku = changes.sku;
  if (changes.title !== undefined) item.title = changes.title;
  touch(state, item);
  return [itemPayload(state, "item.updated", item, o)];
}

export interface ImportOrderInput {
  /** The Shopify order id: Whiplash stores it as the order's originator id. */
  shopifyOrderId: string | number;
  customerId: number;
  /** Item by Whiplash id or SKU, and units. */
  lines: { itemId?: number; sku?: string; quantity: number }[];
}

let nextWhiplashOrderId = 700_001;

/**
 * Whiplash imports a shop's order: each item's sellable quantity drops by the units ordered (taken from
 * the warehouse with most stock, never below 0: a shortfall is an order in Insufficient Inventory), then
 * it sends the items' inventory events and the order event carrying the originator id. Item events go
 * first, so an app that follows both never sees the order confirmed before the lower quantity.
 */
export function importOrder(state: SimState, input: ImportOrderInput, o: PayloadOptions = {}): WebhookPayload[] {
  const payloads: WebhookPayload[] = [];
  for (const line of input.lines) {
    const item =
      line.itemId !== undefined
        ? getItem(state, line.itemId)
        : [...state.items.values()].find((i) => i.customer_id === input.customerId && i.sku === line.sku);
    if (!item) throw new SimError(404, `no item ${line.itemId ?? line.sku}`);
    const from = [...item.stock.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (from !== undefined) item.stock.set(from, Math.max(0, (item.stock.get(from) ?? 0) - Math.max(0, Math.trunc(line.quantity))));
    touch(state, item);
    payloads.push(itemPayload(state, "item.inventory_changed", item, o), ...sellOutPayloads(state, item, o));
  }
  const id = nextWhiplashOrderId++;
  payloads.push({
    event_name: "order.created",
    order: { id, customer_id: input.customerId, originator_id: String(input.shopifyOrderId), status: 100, created_at: stamp(state), updated_at: stamp(state) },
  });
  return payloads;
}

/** The item rules Whiplash's Rules tab (or `PUT /items/{id}`) changes. */
export interface ItemRules {
  notify_originator_inventory?: number | null;
  include_inbound_in_published?: boolean;
  available?: boolean;
}

function isRuleCode(v: unknown): v is number | null {
  return v === null || (typeof v === "number" && Number.isInteger(v));
}

/** Reads rule fields from request parameters (JSON or form); throws 422 on a bad value. */
export function parseItemRules(p: Record<string, unknown>): ItemRules {
  const out: ItemRules = {};
  if ("notify_originator_inventory" in p) {
    const raw = p.notify_originator_inventory;
    const v = raw === "" || raw === "null" ? null : typeof raw === "string" && /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if (!isRuleCode(v)) throw new SimError(422, "notify_originator_inventory must be an integer or null");
    out.notify_originator_inventory = v;
  }
  for (const key of ["include_inbound_in_published", "available"] as const) {
    if (!(key in p)) continue;
    const v = p[key] === "true" ? true : p[key] === "false" ? false : p[key];
    if (typeof v !== "boolean") throw new SimError(422, `${key} must be true or false`);
    out[key] = v;
  }
  return out;
}

/**
 * The item's rules change in Whiplash (a person on the Rules tab, or an API PUT): Whiplash sends item.updated
 * with the new values; nothing is sent when nothing changes.
 */
export function setItemRules(state: SimState, id: number, rules: ItemRules, o: PayloadOptions = {}): WebhookPayload[] {
  const item = getItem(state, id);
  let changed = false;
  if (rules.notify_originator_inventory !== undefined && (item.notify_originator_inventory ?? null) !== rules.notify_originator_inventory) {
    item.notify_originator_inventory = rules.notify_originator_inventory;
    changed = true;
  }
  if (rules.include_inbound_in_published !== undefined && item.include_inbound_in_published !== rules.include_inbound_in_published) {
    item.include_inbound_in_published = rules.include_inbound_in_published;
    changed = true;
  }
  if (rules.available !== undefined && item.available !== rules.available) {
    item.available = rules.available;
    changed = true;
  }
  if (!changed) return [];
  touch(state, item);
  return [itemPayload(state, "item.updated", item, o)];
}

/** The customer's Sync Inventory default changes in Whiplash (Customer Preferences, or `PUT /customers/{id}`). */
export function setCustomerRules(state: SimState, customerId: number, code: number | null): void {
  const customer = state.customers.get(customerId);
  if (!customer) throw new SimError(404, `customer ${customerId} not found`);
  if (!isRuleCode(code)) throw new SimError(422, "notify_originator_inventory must be an integer or null");
  customer.notify_originator_inventory = code;
  customer.updated_at = stamp(state);
}
