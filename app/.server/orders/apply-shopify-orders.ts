// Units in flight (rule 3.9), the Shopify side: drains one shop's stored order webhooks (orders/create,
// updated, cancelled, fulfilled; only ids and units were stored) into InFlightOrder/InFlightLine.
//
// Which location an order's units count at: an order taken at a physical location (POS, `location_id`)
// counts there if the app publishes to it, and not at all otherwise (Whiplash does not ship it); an
// online order counts at the shop's default location (the standard setup publishes to that one
// location). See docs/decisions/0009-in-flight-orders.md.
//
// No sync is queued for a new order: Shopify already lowered `available` by its units, which is what we
// would publish. When an order's units go down (cancelled, fulfilled, refunded, edited) the warehouse
// number may be publishable again, so those items get a pending sync (re-decided by the writer).
import { loadItemStates } from "../db/items";
import { applyOrderVersion, itemIdsByVariant, type OrderVersion } from "../db/in-flight-orders";
import { pendingEventsOfShopTopics } from "../db/inbound-events";
import { loadShopContext, type ShopContext } from "../db/shop-state";
import { SHOPIFY_SOURCE, settleEvent } from "../intake/inbound-events";
import { ORDER_TOPICS } from "../intake/shopify-topics";
import type { ShopifyOrder } from "../shopify/order-payload";
import { enqueueShopSyncs } from "../sync/fan-out";
import type { PlatformDeps } from "../wiring/deps";

const BATCH = 200;

export interface InFlightOrdersResult {
  events: number;
  applied: number;
  itemsToSync: number;
}

export async function runInFlightOrdersJob(deps: PlatformDeps, data: { shopId: string }, signal?: AbortSignal): Promise<InFlightOrdersResult> {
  const result: InFlightOrdersResult = { events: 0, applied: 0, itemsToSync: 0 };
  const toSync = new Set<string>();
  for (;;) {
    if (signal?.aborted) break; // the rest stays PENDING for the next run
    const events = await pendingEventsOfShopTopics(deps.prisma, { source: SHOPIFY_SOURCE, shopId: data.shopId, topics: ORDER_TOPICS }, { take: BATCH });
    if (events.length === 0) break;
    const ctx = await loadShopContext(deps.prisma, data.shopId);
    for (const event of events) {
      result.events++;
      const order = safeOrder(event.rawBody);
      if (!order || !ctx) {
        await settleEvent(deps.prisma, event.id, order ? "UNUSED" : "INVALID", order ? "shop not connected" : "unreadable order", deps.now());
        continue;
      }
      const version = await orderVersion(deps, ctx, order);
      const applied = await applyOrderVersion(deps.prisma, data.shopId, version, deps.now());
      if (applied.outcome === "APPLIED") {
        result.applied++;
        if (!applied.created) for (const id of applied.itemIds) toSync.add(id);
      }
      const units = version.lines.reduce((n, l) => n + l.units, 0);
      await settleEvent(
        deps.prisma,
        event.id,
        applied.outcome === "APPLIED" ? "APPLIED" : applied.outcome === "STALE" ? "STALE" : "UNUSED",
        `order ${order.orderId}: ${order.closed ? order.closed.toLowerCase() : `${units} unit(s) in flight`}${applied.outcome === "CLOSED" ? " (already out of flight)" : ""}`,
        deps.now(),
      );
    }
  }
  if (toSync.size > 0) result.itemsToSync = await queueSyncs(deps, data.shopId, [...toSync]);
  return result;
}

function safeOrder(raw: string): ShopifyOrder | null {
  try {
    const o = JSON.parse(raw) as ShopifyOrder | null;
    return o && typeof o.orderId === "string" && Array.isArray(o.lines) ? o : null;
  } catch {
    return null;
  }
}

/** Variants -> items of this shop, and the location the units count at (null: not one we publish to). */
async function orderVersion(deps: PlatformDeps, ctx: ShopContext, order: ShopifyOrder): Promise<OrderVersion> {
  const managed = new Set(Object.values(ctx.prefs.warehouseLocations));
  if (ctx.prefs.defaultLocationId) managed.add(ctx.prefs.defaultLocationId);
  const locationId = order.locationId ? (managed.has(order.locationId) ? order.locationId : null) : ctx.prefs.defaultLocationId;
  const items = locationId ? await itemIdsByVariant(deps.prisma, ctx.shopId, order.lines.map((l) => l.variantId)) : new Map<string, string>();
  const lines: OrderVersion["lines"] = [];
  for (const l of order.lines) {
    const itemId = items.get(l.variantId);
    // A variant we do not sync (unmatched) or a location we do not publish to: Whiplash's numbers are not involved.
    if (itemId && locationId) lines.push({ itemId, locationId, units: l.units });
  }
  return { orderId: order.orderId, updatedAt: order.updatedAt, closed: order.closed, lines };
}

/** Pending syncs for items whose units in flight went down (the writer re-decides them at send time). */
export async function queueSyncs(deps: PlatformDeps, shopId: string, itemIds: string[]): Promise<number> {
  const ctx = await loadShopContext(deps.prisma, shopId);
  if (!ctx?.customer || ctx.uninstalled) return 0;
  const states = await loadItemStates(deps.prisma, itemIds);
  const items = [...states].map(([itemId, state]) => ({ itemId, state, trigger: "WEBHOOK" as const }));
  const { rows } = await enqueueShopSyncs(deps.prisma, deps.queue, ctx.customer.id, ctx.customer, items, shopId);
  return rows;
}
