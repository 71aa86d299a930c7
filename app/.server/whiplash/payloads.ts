// Whiplash webhook payloads (DESIGN.md section 6). Parsing is tolerant on purpose: Whiplash's shapes
// are only partly documented, so unknown fields are allowed (and kept, since the raw body is stored),
// numbers may arrive as numeric strings, and only the fields we act on are required.
//
// Event names: the item events are documented by Whiplash. The ship-notice event names below are OUR
// GUESS (Whiplash lists ship-notice notifications but the names were not in the material we could
// read); they are what our simulator sends. Unknown names are stored and acknowledged, never refused,
// so a different real name is visible in the event log and can be mapped here without losing events.
import { z } from "zod";

const int = z.preprocess(
  (v) => (typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v) : v),
  z.number().int(),
);
const optInt = int.nullish();
const optBool = z.preprocess(
  (v) => (v === "true" ? true : v === "false" ? false : v),
  z.boolean().nullish(),
);
/** Any date string `Date` can read; normalised to ISO so events compare by time, not by text. */
const timestamp = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), "not a date")
  .transform((s) => new Date(s).toISOString());

export const WarehouseQuantitySchema = z.looseObject({
  warehouse_id: optInt,
  warehouse: z.looseObject({ id: int }).nullish(),
  /** Shelf quantity at that warehouse. */
  quantity: optInt,
  /** After open orders, ship notices and returns: what can be sold. Preferred when present. */
  sellable_quantity: optInt,
});

export const ItemSchema = z.looseObject({
  id: int,
  customer_id: optInt,
  sku: z.string().nullish(),
  title: z.string().nullish(),
  /** Available (sellable) quantity over all warehouses. */
  quantity: optInt,
  published_quantity: optInt,
  include_inbound_in_published: optBool,
  /** Whiplash's Sync Inventory setting for the item (integer code, null = Customer Default): docs/decisions/0010. */
  notify_originator_inventory: optInt,
  /** Very likely the "Process Orders" flag (DESIGN.md section 6, unconfirmed). */
  available: optBool,
  active: optBool,
  warehouse_quantities: z.array(WarehouseQuantitySchema).nullish(),
  updated_at: timestamp.nullish(),
});
export type WhiplashItem = z.infer<typeof ItemSchema>;

export const ShipNoticeItemSchema = z.looseObject({
  id: int,
  item_id: int,
  shipnotice_id: optInt,
  warehouse_id: optInt,
  customer_id: optInt,
  /** Expected units. */
  quantity: optInt,
  /** Received in good condition. */
  quantity_good: optInt,
  quantity_damaged: optInt,
  include_in_published: optBool,
  sku: z.string().nullish(),
  updated_at: timestamp.nullish(),
});
export type WhiplashShipNoticeItem = z.infer<typeof ShipNoticeItemSchema>;

export const ShipNoticeSchema = z.looseObject({
  id: int,
  customer_id: optInt,
  warehouse_id: optInt,
  /** 25 unexpected, 100 in transit, 150 arrived, 200 processing, 300 completed. */
  status: optInt,
  completed_at: timestamp.nullish(),
  updated_at: timestamp.nullish(),
  shipnotice_items: z.array(ShipNoticeItemSchema).nullish(),
});
export type WhiplashShipNotice = z.infer<typeof ShipNoticeSchema>;

export const ITEM_EVENTS = [
  "item.inventory_changed",
  "item.inventory_adjusted",
  "item.inventory_received",
  "item.out_of_stock",
  "item.created",
  "item.updated",
] as const;
/** Unconfirmed names (see the header comment). */
export const SHIP_NOTICE_EVENTS = [
  "shipnotice.created",
  "shipnotice.updated",
  "shipnotice.items_received",
  "shipnotice.completed",
] as const;
export const SHIP_NOTICE_ITEM_EVENTS = ["shipnotice_item.published", "shipnotice_item.unpublished"] as const;
/**
 * Order events (names from Whiplash's documented notification list; "status changed" is left out because
 * its event name is not confirmed). Any of them says Whiplash has imported the order,
 * so its units are in Whiplash's sellable quantity from now on (rule 3.9): the app only reads the order's
 * originator id (the Shopify order id) from them.
 */
export const ORDER_EVENTS = ["order.created", "order.batched", "order.shipped", "order.cancelled"] as const;

export type ItemEventName = (typeof ITEM_EVENTS)[number];
export type ShipNoticeEventName = (typeof SHIP_NOTICE_EVENTS)[number];
export type ShipNoticeItemEventName = (typeof SHIP_NOTICE_ITEM_EVENTS)[number];
export type OrderEventName = (typeof ORDER_EVENTS)[number];

const envelope = { customer_id: optInt };

export const ItemEventSchema = z.looseObject({ ...envelope, event_name: z.enum(ITEM_EVENTS), item: ItemSchema });
export const ShipNoticeEventSchema = z.looseObject({
  ...envelope,
  event_name: z.enum(SHIP_NOTICE_EVENTS),
  shipnotice: ShipNoticeSchema,
});
export const ShipNoticeItemEventSchema = z.looseObject({
  ...envelope,
  event_name: z.enum(SHIP_NOTICE_ITEM_EVENTS),
  shipnotice_item: ShipNoticeItemSchema,
  /** Some senders may include the parent notice; used for its warehouse and status when present. */
  shipnotice: ShipNoticeSchema.nullish(),
});

/**
 * A Whiplash order as far as in-flight protection goes. `originator_id` is the id of the order in the shop it
 * came from (for Shopify: the numeric order id); some payloads nest it as `originator.original_id`.
 */
export const OrderSchema = z.looseObject({
  id: z.number().int(),
  customer_id: optInt,
  originator_id: z.union([z.string(), z.number()]).nullish(),
  originator: z.looseObject({ original_id: z.union([z.string(), z.number()]).nullish(), provider: z.string().nullish() }).nullish(),
});
export type WhiplashOrder = z.infer<typeof OrderSchema>;
export const OrderEventSchema = z.looseObject({ ...envelope, event_name: z.enum(ORDER_EVENTS), order: OrderSchema });
export type OrderEvent = z.infer<typeof OrderEventSchema>;

/** The Shopify order id a Whiplash order came from, or null (an order from another channel). */
export function originatorOrderId(order: WhiplashOrder): string | null {
  const raw = order.originator_id ?? order.originator?.original_id ?? null;
  if (raw === null) return null;
  const m = /^(?:gid:\/\/shopify\/Order\/)?(\d+)$/.exec(String(raw).trim());
  return m ? m[1] : null;
}

export type ItemEvent = z.infer<typeof ItemEventSchema>;
export type ShipNoticeEvent = z.infer<typeof ShipNoticeEventSchema>;
export type ShipNoticeItemEvent = z.infer<typeof ShipNoticeItemEventSchema>;

export type KnownWhiplashEvent =
  | ({ kind: "item" } & ItemEvent)
  | ({ kind: "shipnotice" } & ShipNoticeEvent)
  | ({ kind: "shipnotice_item" } & ShipNoticeItemEvent);

/** Whiplash imported an order (rule 3.9); not a warehouse event of any item. */
export type OrderWhiplashEvent = { kind: "order" } & OrderEvent;

export type ParsedWebhook =
  | { status: "known"; eventName: string; event: KnownWhiplashEvent | OrderWhiplashEvent; whiplashCustomerId: number }
  | { status: "unknown"; eventName: string; whiplashCustomerId: number | null }
  | { status: "invalid"; eventName: string | null; reason: string };

export function isKnownEventName(name: string): boolean {
  return (
    (ITEM_EVENTS as readonly string[]).includes(name) ||
    (SHIP_NOTICE_EVENTS as readonly string[]).includes(name) ||
    (SHIP_NOTICE_ITEM_EVENTS as readonly string[]).includes(name) ||
    (ORDER_EVENTS as readonly string[]).includes(name)
  );
}

function issuesText(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
}

function customerIdOf(...candidates: unknown[]): number | null {
  for (const c of candidates) {
    const n = typeof c === "string" && /^\d+$/.test(c) ? Number(c) : c;
    if (typeof n === "number" && Number.isInteger(n) && n > 0) return n;
  }
  return null;
}

/** Classifies a decoded JSON body: a known event of the right shape, an unknown event, or invalid. */
export function parseWhiplashWebhook(json: unknown): ParsedWebhook {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { status: "invalid", eventName: null, reason: "body is not a JSON object" };
  }
  const body = json as Record<string, unknown>;
  const eventName = body.event_name;
  if (typeof eventName !== "string" || eventName.length === 0) {
    return { status: "invalid", eventName: null, reason: "event_name missing or not a string" };
  }
  const resourceOf = (key: string) => (body[key] as { customer_id?: unknown } | undefined) ?? undefined;
  if (!isKnownEventName(eventName)) {
    const resourceKey = eventName.split(".")[0];
    return {
      status: "unknown",
      eventName,
      whiplashCustomerId: customerIdOf(body.customer_id, resourceOf(resourceKey)?.customer_id),
    };
  }
  const kind = eventName.startsWith("item.")
    ? "item"
    : eventName.startsWith("shipnotice_item.")
      ? "shipnotice_item"
      : eventName.startsWith("order.")
        ? "order"
        : "shipnotice";
  const schema =
    kind === "item" ? ItemEventSchema : kind === "shipnotice" ? ShipNoticeEventSchema : kind === "order" ? OrderEventSchema : ShipNoticeItemEventSchema;
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { status: "invalid", eventName, reason: issuesText(parsed.error) };
  const event = { kind, ...parsed.data } as KnownWhiplashEvent | OrderWhiplashEvent;
  const resource =
    event.kind === "item"
      ? event.item
      : event.kind === "shipnotice"
        ? event.shipnotice
        : event.kind === "order"
          ? event.order
          : event.shipnotice_item;
  const whiplashCustomerId = customerIdOf(event.customer_id, resource.customer_id, event.kind === "shipnotice_item" ? event.shipnotice?.customer_id : null);
  if (whiplashCustomerId === null) return { status: "invalid", eventName, reason: "customer_id missing" };
  return { status: "known", eventName, event, whiplashCustomerId };
}
