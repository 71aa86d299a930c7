// The part of a Shopify order webhook (orders/create, orders/updated, orders/cancelled, orders/fulfilled;
// REST-shaped JSON) that in-flight protection needs, and nothing else: the payload carries the buyer's
// name, email and addresses, which the app does not keep (docs/privacy.md). Only ids and units remain.
//
// Fields used (Order webhook payload): `id`, `updated_at`, `cancelled_at`, `fulfillment_status`,
// `location_id` (set for orders taken at a physical location, e.g. POS; null for online orders), and per
// `line_items[]`: `variant_id`, `quantity`, `fulfillable_quantity` (units still to fulfil: lowered by
// fulfilments and by refunds that remove the line's units).

export interface ShopifyOrderLine {
  /** Variant GID (gid://shopify/ProductVariant/<id>), as ItemLink.variantId stores it. */
  variantId: string;
  /** Units still to fulfil. */
  units: number;
}

export interface ShopifyOrder {
  /** Numeric order id as a string: the Whiplash order's originator id. */
  orderId: string;
  /** ISO time of this version of the order, null when absent. */
  updatedAt: string | null;
  /** Location GID the order was taken at (POS), null for online orders. */
  locationId: string | null;
  /** The order no longer holds stock for the warehouse to ship. */
  closed: "CANCELLED" | "FULFILLED" | null;
  lines: ShopifyOrderLine[];
}

const TOPIC_CLOSES: Record<string, ShopifyOrder["closed"]> = {
  ORDERS_CANCELLED: "CANCELLED",
  ORDERS_FULFILLED: "FULFILLED",
};

function numericId(value: unknown): string | null {
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === "string") {
    const m = /^(?:gid:\/\/shopify\/\w+\/)?(\d+)$/.exec(value.trim());
    return m ? m[1] : null;
  }
  return null;
}

function wholeUnits(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? Math.max(0, Math.trunc(value)) : null;
}

function isoOrNull(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Parses an order webhook payload; null when it names no order (answered INVALID, nothing applied). */
export function parseShopifyOrder(topic: string, payload: unknown): ShopifyOrder | null {
  if (!payload || typeof payload !== "object") return null;
  const o = payload as Record<string, unknown>;
  const orderId = numericId(o.id);
  if (!orderId) return null;
  const lines: ShopifyOrderLine[] = [];
  for (const raw of Array.isArray(o.line_items) ? o.line_items : []) {
    if (!raw || typeof raw !== "object") continue;
    const line = raw as Record<string, unknown>;
    const variant = numericId(line.variant_id);
    // A custom line (no variant) holds no stock of ours.
    if (!variant) continue;
    const units = wholeUnits(line.fulfillable_quantity) ?? wholeUnits(line.quantity) ?? 0;
    lines.push({ variantId: `gid://shopify/ProductVariant/${variant}`, units });
  }
  const location = numericId(o.location_id);
  let closed = TOPIC_CLOSES[topic] ?? null;
  if (!closed && o.cancelled_at != null) closed = "CANCELLED";
  if (!closed && o.fulfillment_status === "fulfilled") closed = "FULFILLED";
  return {
    orderId,
    updatedAt: isoOrNull(o.updated_at),
    locationId: location ? `gid://shopify/Location/${location}` : null,
    closed,
    lines,
  };
}
