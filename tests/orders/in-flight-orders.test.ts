// Units in flight (rule 3.9) end to end on the app's side: Shopify order webhooks through their real
// routes and authenticate.webhook, the per-shop job, Whiplash's confirmation, cancellation and expiry,
// and what the writer's decision context and the item page then see.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { callAction, createAppHarness, seedShop, type ActionModule, type AppHarness } from "../support/platform/app-harness";
import { webhookRequest } from "../support/platform/webhook-request";
import { runInFlightOrdersJob } from "../../app/.server/orders/apply-shopify-orders";
import { expireInFlightOrders } from "../../app/.server/orders/expire-orders";
import { confirmWhiplashOrder } from "../../app/.server/warehouse/confirm-order";
import { unitsInFlightByItem } from "../../app/.server/db/in-flight-orders";
import { PrismaWriterStore } from "../../app/.server/db/prisma-writer-store";
import { evaluatePending } from "../../app/.server/sync/writer/evaluate-pending";

let h: AppHarness;
let routes: Record<"create" | "updated" | "cancelled", ActionModule>;
let n = 0;
let shop: string;
let itemId: string;
let customerId: string;
const LOCATION = "gid://shopify/Location/1";
const VARIANT = 777001;

beforeAll(async () => {
  h = await createAppHarness();
  routes = {
    create: await import("../../app/routes/webhooks.orders.create"),
    updated: await import("../../app/routes/webhooks.orders.updated"),
    cancelled: await import("../../app/routes/webhooks.orders.cancelled"),
  };
});
afterAll(() => h.db.drop());
beforeEach(async () => {
  shop = `orders-${++n}.myshopify.com`;
  customerId = (await seedShop(h.prisma, shop)).customerId!;
  await h.prisma.customer.update({ where: { id: customerId }, data: { defaultSyncSetting: "ALWAYS" } });
  const item = await h.prisma.item.create({
    data: { customerId, whiplashItemId: 100 + n, sku: `SKU-${n}`, receivedTotal: 10, processOrders: true, stock: { create: { warehouseId: 1, sellable: 10 } } },
  });
  itemId = item.id;
  await h.prisma.itemLink.create({
    data: { shopId: shop, itemId, productId: "gid://shopify/Product/1", variantId: `gid://shopify/ProductVariant/${VARIANT}`, inventoryItemId: `gid://shopify/InventoryItem/${n}` },
  });
});

function order(id: number, units: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    updated_at: "2026-11-29T10:00:00Z",
    cancelled_at: null,
    fulfillment_status: null,
    location_id: null,
    email: "buyer@example.com",
    customer: { first_name: "Jane", last_name: "Doe" },
    line_items: [
      { id: 1, variant_id: VARIANT, quantity: units, fulfillable_quantity: units },
      { id: 2, variant_id: null, quantity: 1, fulfillable_quantity: 1 }, // a custom line: not ours
    ],
    ...extra,
  };
}

const post = (route: ActionModule, topic: string, payload: unknown) =>
  callAction(route, webhookRequest({ path: `/webhooks/${topic}`, topic, payload, shop }));
const inFlight = async () => (await unitsInFlightByItem(h.prisma, shop, [itemId])).get(itemId) ?? {};
const drain = () => runInFlightOrdersJob(h.deps(), { shopId: shop });

describe("units in flight from Shopify orders", () => {
  it("an order's units count until Whiplash imports it; a late webhook does not bring them back", async () => {
    expect((await post(routes.create, "orders/create", order(5001, 3))).status).toBe(200);
    // Only ids and units are stored, never the buyer.
    const [event] = await h.prisma.inboundEvent.findMany({ where: { shopId: shop, topic: "ORDERS_CREATE" } });
    expect(event.rawBody).not.toMatch(/buyer|Jane/);
    await drain();
    expect(await inFlight()).toEqual({ [LOCATION]: 3 });

    // The writer decides with them: 10 in the warehouse - 3 in flight.
    const store = new PrismaWriterStore(h.prisma);
    const context = await store.loadDecisionContext(shop, [itemId]);
    const row = { shopId: shop, itemId, locationId: LOCATION, wanted: 10, trigger: "WEBHOOK" as const, force: false, runId: null, attempts: 0, enqueuedAt: new Date() };
    expect(evaluatePending([row], context).writes).toEqual([expect.objectContaining({ quantity: 7 })]);

    // An older version delivered late changes nothing; a partial fulfilment lowers the units.
    await post(routes.updated, "orders/updated", order(5001, 9, { updated_at: "2026-11-29T09:00:00Z" }));
    await post(routes.updated, "orders/updated", order(5001, 2, { updated_at: "2026-11-29T10:05:00Z" }));
    await drain();
    expect(await inFlight()).toEqual({ [LOCATION]: 2 });

    const confirmed = await confirmWhiplashOrder(h.prisma, customerId, { kind: "order", event_name: "order.created", order: { id: 1, originator_id: "5001" } }, new Date());
    expect(confirmed.outcome).toBe("APPLIED");
    expect(await inFlight()).toEqual({});
    await post(routes.updated, "orders/updated", order(5001, 2, { updated_at: "2026-11-29T11:00:00Z" }));
    await drain();
    expect(await inFlight()).toEqual({});
  });

  it("Whiplash confirming before Shopify's webhook arrives: the webhook never counts the order", async () => {
    await confirmWhiplashOrder(h.prisma, customerId, { kind: "order", event_name: "order.created", order: { id: 2, originator_id: "gid://shopify/Order/5002" } }, new Date());
    await post(routes.create, "orders/create", order(5002, 4));
    await drain();
    expect(await inFlight()).toEqual({});
  });

  it("a cancelled order leaves flight and the item is queued for a sync; POS orders elsewhere never count", async () => {
    await post(routes.create, "orders/create", order(5003, 2));
    await post(routes.create, "orders/create", order(5004, 5, { location_id: 999 }));
    await drain();
    expect(await inFlight()).toEqual({ [LOCATION]: 2 });
    await post(routes.cancelled, "orders/cancelled", order(5003, 2, { cancelled_at: "2026-11-29T10:10:00Z", updated_at: "2026-11-29T10:10:00Z" }));
    const result = await drain();
    expect(await inFlight()).toEqual({});
    expect(result.itemsToSync).toBe(1);
    expect(await h.prisma.pendingSync.count({ where: { shopId: shop, itemId } })).toBe(1);
  });

  it("an order Whiplash never confirms expires after the configured hours, with a sync log row", async () => {
    await post(routes.create, "orders/create", order(5005, 1));
    await drain();
    expect(await inFlight()).toEqual({ [LOCATION]: 1 });
    const deps = h.deps();
    const later = { ...deps, now: () => new Date(Date.now() + 25 * 3600_000) };
    expect(await expireInFlightOrders(deps, 24)).toMatchObject({ expired: 0 });
    // (Orders of earlier tests' shops that are still open expire too: the sweep covers every shop.)
    expect((await expireInFlightOrders(later, 24)).expired).toBeGreaterThanOrEqual(1);
    expect(await inFlight()).toEqual({});
    expect(await h.prisma.inFlightOrder.findUnique({ where: { shopId_orderId: { shopId: shop, orderId: "5005" } } })).toMatchObject({ closedReason: "EXPIRED" });
    expect(await h.prisma.pendingSync.count({ where: { shopId: shop, itemId } })).toBe(1);
    const log = await h.prisma.syncLog.findMany({ where: { shopId: shop, decision: "IN_FLIGHT_EXPIRED" } });
    expect(log).toEqual([expect.objectContaining({ itemId, reason: "NOT_CONFIRMED_BY_WHIPLASH" })]);
  });
});
