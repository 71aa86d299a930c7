// Issue 13 item 2 (DESIGN 3.10): Whiplash's Process Orders flag is followed. Signed webhooks from the
// Whiplash simulator go through the app's Remix route, the queue, the worker and the domain core; the shop
// writer then decides at send time against the Shopify simulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs } from "@remix-run/node";
import { createTestDb } from "../support/test-db";
import { createWorld, storedItem, lastSyncLog, silent, type World } from "./world";
import { Worker } from "../../app/.server/jobs/worker";
import { runWhiplashImport } from "../../app/.server/catalog/import-job";
import { shopWriterJobHandlers } from "../../app/.server/sync/writer/writer-jobs";
import { DEMO_CUSTOMER_ID, skuOf } from "../../simulators/whiplash/seed";
import { itemJson, type SimItem } from "../../simulators/whiplash/state";

describe("Whiplash's Process Orders is followed", () => {
  let world: World;
  let writer: Worker;
  /** Never received at Whiplash, Process Orders switched on there before the app imported it. */
  let neverReceived: SimItem;
  /** Never received, Process Orders off at import; switched on in Whiplash while no webhook came through. */
  let switchedOnUnseen: SimItem;
  /** Received and in stock, Process Orders on at Whiplash. */
  let inStock: SimItem;

  const stored = (whiplashItemId: number) => storedItem(world, whiplashItemId);
  const lastLog = (whiplashItemId: number) => lastSyncLog(world, whiplashItemId);
  /** Every webhook delivered, applied, and the writer run. */
  const settle = async () => {
    await world.whiplash.flush();
    expect(world.statuses.every((s) => s === 200)).toBe(true);
    expect((await world.worker.drain()).failed).toBe(0);
    expect((await writer.drain()).failed).toBe(0);
  };
  const setMode = (processOrdersMode: "MANUAL" | "ON_RECEIPT_OFF_AT_SELLOUT") =>
    world.db.prisma.customer.update({ where: { id: world.customerId }, data: { processOrdersMode } });

  beforeAll(async () => {
    // The route module opens the app's database from DATABASE_URL when first imported: point it at this
    // test's database, then hand every simulator delivery to the route's action as a Request.
    const db = await createTestDb();
    process.env.DATABASE_URL = db.url;
    const route = await import("../../app/routes/webhooks.whiplash");
    world = await createWorld({
      db,
      items: 20,
      processOrdersMode: "MANUAL",
      deliver: (request) => route.action({ request, params: {}, context: {} } as ActionFunctionArgs) as Promise<Response>,
      beforeImport: (whiplash) => {
        const items = [...whiplash.state.items.values()];
        neverReceived = items.find((i) => i.sku === skuOf(10))!;
        expect(neverReceived.stock.size).toBe(0);
        neverReceived.available = true;
        switchedOnUnseen = items.find((i) => i.sku === skuOf(11))!;
        expect(switchedOnUnseen).toMatchObject({ available: false, stock: new Map() });
        inStock = items.find((i) => i.sku === skuOf(5))!;
        expect(inStock.available).toBe(true);
      },
    });
    writer = new Worker({ queue: world.queue, logger: silent, handlers: shopWriterJobHandlers(world.db.prisma, silent, { adminClient: world.adminClient! }) });
    expect((await writer.drain()).failed).toBe(0); // the import's first syncs
  }, 60_000);
  afterAll(() => world?.close());

  it("MANUAL: an item imported with Process Orders on and never received syncs (held before this change too; kept as a guard)", async () => {
    expect(await lastLog(neverReceived.id)).toMatchObject({ trigger: "IMPORT", decision: "SYNCED", reason: "PROCESSING_ORDERS" });
    expect(await stored(neverReceived.id)).toMatchObject({ processOrders: true, firstReceivedAt: null, whiplashProcessOrders: true });
  });

  it("MANUAL: the periodic re-read (catch-up import) brings a flag switched on in Whiplash; the never-received item syncs", async () => {
    expect(await lastLog(switchedOnUnseen.id)).toMatchObject({ trigger: "IMPORT", decision: "SKIPPED", reason: "NOT_PROCESSING_ORDERS" });
    // Switched on in Whiplash, its webhook lost (the catch-up import is what webhook health runs then).
    switchedOnUnseen.available = true;
    switchedOnUnseen.updated_at = new Date(Date.parse(switchedOnUnseen.updated_at) + 1000).toISOString();
    await runWhiplashImport(
      { prisma: world.db.prisma, queue: world.queue, logger: silent, whiplashClient: () => world.whiplashClient, adminClient: world.adminClient!, webhookEndpoint: null },
      { customerId: world.customerId },
    );
    expect((await writer.drain()).failed).toBe(0);
    expect(await stored(switchedOnUnseen.id)).toMatchObject({ processOrders: true, processOrdersSetBy: "WHIPLASH", firstReceivedAt: null });
    expect(await lastLog(switchedOnUnseen.id)).toMatchObject({ trigger: "IMPORT", decision: "SYNCED", reason: "PROCESSING_ORDERS" });
  });

  it("a person switching Process Orders off in Whiplash reaches the decision through the webhook route", async () => {
    await setMode("ON_RECEIPT_OFF_AT_SELLOUT");
    world.whiplash.setProcessOrders(inStock.id, false);
    await settle();
    const item = await stored(inStock.id);
    expect(item).toMatchObject({ processOrders: false, processOrdersSetBy: "WHIPLASH", whiplashProcessOrders: false });
    expect(item.processOrdersSetAt?.toISOString()).toBe(inStock.updated_at);
    expect(await lastLog(inStock.id)).toMatchObject({ trigger: "WEBHOOK", decision: "SKIPPED", reason: "NOT_PROCESSING_ORDERS" });
  });

  it("an older event does not override a newer flag", async () => {
    // Whiplash switched it on at t1 and off at t2; the t1 event is delivered after the t2 one.
    const t1 = new Date(Date.parse(inStock.updated_at) + 1000).toISOString();
    const t2 = new Date(Date.parse(inStock.updated_at) + 2000).toISOString();
    const body = itemJson(inStock, world.whiplash.state);
    world.whiplash.emit([{ event_name: "item.updated", item: { ...body, available: false, updated_at: t2 } }]);
    await settle();
    world.whiplash.emit([{ event_name: "item.updated", item: { ...body, available: true, updated_at: t1 } }]);
    await settle();
    const item = await stored(inStock.id);
    expect(item).toMatchObject({ processOrders: false, whiplashProcessOrders: false });
    expect(item.whiplashProcessOrdersAt?.toISOString()).toBe(t2);
  });

  it("the next automation trigger after a Whiplash change wins again: a receipt switches it on and Shopify gets the stock", async () => {
    const noticeId = world.whiplash.createShipNotice({ customerId: DEMO_CUSTOMER_ID, warehouseId: 1, lines: [{ itemId: inStock.id, quantity: 6 }] });
    world.whiplash.receiveShipNotice(noticeId);
    await settle();
    expect(await stored(inStock.id)).toMatchObject({ processOrders: true, processOrdersSetBy: "AUTOMATION" });
    const sellable = [...inStock.stock.values()].reduce((a, b) => a + b, 0);
    expect(await lastLog(inStock.id)).toMatchObject({ decision: "SYNCED", reason: "PROCESSING_ORDERS", quantityAfter: sellable });
  });
});
