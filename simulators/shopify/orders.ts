// Customers buying in the simulated shop: an order moves units from `available` to `committed` at a
// location (Shopify's quantity states), like a checkout of a tracked variant that does not sell when out
// of stock (inventory policy "deny": an order for more than is available is refused). Each order sends
// orders/create (REST-shaped payload: id, updated_at, cancelled_at, fulfillment_status, location_id,
// line_items[] with variant_id, quantity, fulfillable_quantity) and inventory_levels/update when webhooks
// are on; cancelling returns the units to `available` (restock) and sends orders/cancelled.
import { gid } from "./ids";
import { findLevel, recordAdjustment, type ShopState, type VariantRecord } from "./state";
import { inventoryLevelPayload } from "./webhooks";
import type { Runtime } from "./runtime";

export interface OrderLineInput {
  inventoryItemId?: string | number;
  sku?: string;
  quantity: number;
}

export interface PlaceOrderInput {
  lines: OrderLineInput[];
  /** Location the units are committed at (default: the shop's first location, the app's). */
  locationId?: string | number;
  /** Set for an order taken at a physical location (POS): sent as the payload's location_id. */
  pos?: boolean;
}

export interface SimOrderLine {
  id: number;
  variantId: number;
  inventoryItemId: number;
  sku: string | null;
  quantity: number;
  fulfillableQuantity: number;
}

export interface SimOrder {
  id: number;
  locationId: number;
  pos: boolean;
  createdAt: number;
  updatedAt: number;
  cancelledAt: number | null;
  lines: SimOrderLine[];
}

let nextOrderId = 5_000_000_001;
let nextLineId = 9_000_000_001;

/** The orders/* webhook body for an order (only the fields an inventory app reads, plus a few ids). */
export function orderPayload(order: SimOrder): Record<string, unknown> {
  return {
    id: order.id,
    admin_graphql_api_id: gid("Order", order.id),
    created_at: new Date(order.createdAt).toISOString(),
    updated_at: new Date(order.updatedAt).toISOString(),
    cancelled_at: order.cancelledAt === null ? null : new Date(order.cancelledAt).toISOString(),
    fulfillment_status: null,
    location_id: order.pos ? order.locationId : null,
    line_items: order.lines.map((l) => ({
      id: l.id,
      variant_id: l.variantId,
      sku: l.sku,
      quantity: l.quantity,
      fulfillable_quantity: order.cancelledAt === null ? l.fulfillableQuantity : 0,
    })),
  };
}

export class SimOrders {
  /** shop domain -> order id -> order */
  readonly byShop = new Map<string, Map<number, SimOrder>>();

  constructor(private readonly runtime: Runtime) {}

  list(domain: string): SimOrder[] {
    return [...(this.byShop.get(domain)?.values() ?? [])];
  }

  /**
   * Places an order, or returns null when a line asks for more than is available (nothing is changed then).
   * `findVariant` resolves a line's inventory item id or SKU in the shop.
   */
  place(shop: ShopState, input: PlaceOrderInput, findVariant: (line: OrderLineInput) => VariantRecord): { order: SimOrder; webhooks: Promise<unknown>[] } | null {
    const locationId = input.locationId === undefined ? [...shop.locations.keys()][0] : Number(String(input.locationId).split("/").pop());
    const resolved = input.lines.map((line) => {
      const variant = findVariant(line);
      const level = findLevel(variant, locationId);
      return { line, variant, level };
    });
    for (const r of resolved) {
      if (!Number.isInteger(r.line.quantity) || r.line.quantity <= 0) return null;
      if (!r.level || r.level.available < r.line.quantity) return null;
    }
    const now = this.runtime.clock();
    const order: SimOrder = { id: nextOrderId++, locationId, pos: input.pos === true, createdAt: now, updatedAt: now, cancelledAt: null, lines: [] };
    const changes = [];
    for (const r of resolved) {
      const level = r.level!;
      level.available -= r.line.quantity;
      level.committed += r.line.quantity;
      level.updatedAt = now;
      r.variant.updatedAt = now;
      changes.push({
        inventoryItemId: r.variant.inventoryItemId,
        locationId,
        name: "available" as const,
        delta: -r.line.quantity,
        availableAfter: level.available,
        onHandAfter: level.available + level.committed,
      });
      order.lines.push({ id: nextLineId++, variantId: r.variant.id, inventoryItemId: r.variant.inventoryItemId, sku: r.variant.sku, quantity: r.line.quantity, fulfillableQuantity: r.line.quantity });
    }
    recordAdjustment(this.runtime.state, shop, { createdAt: now, reason: "order", referenceDocumentUri: gid("Order", order.id), source: "order", caller: { type: "merchant" }, changes });
    const shopOrders = this.byShop.get(shop.domain) ?? new Map<number, SimOrder>();
    shopOrders.set(order.id, order);
    this.byShop.set(shop.domain, shopOrders);
    const webhooks: Promise<unknown>[] = [];
    if (shop.webhooksEnabled) {
      webhooks.push(this.runtime.webhooks.send(shop.domain, "orders/create", orderPayload(order)));
      for (const r of resolved) webhooks.push(this.runtime.webhooks.send(shop.domain, "inventory_levels/update", inventoryLevelPayload(r.variant, r.level!)));
    }
    return { order, webhooks };
  }

  /** Cancels an open order and restocks its unfulfilled units. */
  cancel(shop: ShopState, orderId: number): { order: SimOrder; webhooks: Promise<unknown>[] } | null {
    const order = this.byShop.get(shop.domain)?.get(orderId);
    if (!order || order.cancelledAt !== null) return null;
    const now = this.runtime.clock();
    for (const l of order.lines) {
      const variant = shop.inventoryItems.get(l.inventoryItemId);
      const level = variant ? findLevel(variant, order.locationId) : undefined;
      if (!variant || !level) continue;
      level.committed -= l.fulfillableQuantity;
      level.available += l.fulfillableQuantity;
      level.updatedAt = now;
    }
    order.cancelledAt = now;
    order.updatedAt = now;
    const webhooks = shop.webhooksEnabled ? [this.runtime.webhooks.send(shop.domain, "orders/cancelled", orderPayload(order))] : [];
    return { order, webhooks };
  }

  /** The warehouse shipped an order: its committed units leave the location (no webhook here). */
  fulfil(shop: ShopState, orderId: number): boolean {
    const order = this.byShop.get(shop.domain)?.get(orderId);
    if (!order || order.cancelledAt !== null) return false;
    for (const l of order.lines) {
      const variant = shop.inventoryItems.get(l.inventoryItemId);
      const level = variant ? findLevel(variant, order.locationId) : undefined;
      if (level) level.committed -= l.fulfillableQuantity;
      l.fulfillableQuantity = 0;
    }
    order.updatedAt = this.runtime.clock();
    return true;
  }
}
