// A receipt delivered after a newer stock event (Whiplash does not order its webhooks) is STALE for the
// item's quantities, yet it still switches Process Orders on (automation keeps its own version, rule
// 3.4/3.7). That change must reach Shopify: the PostgreSQL storm (issue 11 item 5) once ended with an
// item that was never received at setup, received during the storm with its receipt applied late, at
// "rule wants 29, Shopify 0, nothing pending": the late receipt saved Process Orders on but queued no sync.
import { afterEach, expect, it } from "vitest";
import { Worker } from "../../app/.server/jobs/worker";
import { shopWriterJobHandlers } from "../../app/.server/sync/writer/writer-jobs";
import { PrismaWriterStore } from "../../app/.server/db/prisma-writer-store";
import { syncTarget, targetAt } from "../../app/domain/sync-target";
import * as actions from "../../simulators/whiplash/actions";
import { createWorld, SHOP_ON, silent, storedQuantity, type World } from "./world";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

it("a late receipt that switches Process Orders on is written to Shopify", async () => {
  world = await createWorld({ items: 20 });
  const { db, whiplash, shopify } = world;
  const writer = new Worker({ queue: world.queue, logger: silent, handlers: shopWriterJobHandlers(db.prisma, silent, { adminClient: world.adminClient! }) });
  expect((await writer.drain()).failed).toBe(0); // the import's first syncs

  // An item matched in the shop, never received: Process Orders off, so nothing of it is published.
  const links = await db.prisma.itemLink.findMany({ where: { shopId: SHOP_ON }, include: { item: true }, orderBy: { itemId: "asc" } });
  const link = links.find((l) => !l.item.processOrders && l.item.receivedTotal === 0 && l.tracked);
  expect(link).toBeDefined();
  const item = whiplash.state.items.get(link!.item.whiplashItemId)!;
  const location = (await db.prisma.shop.findUniqueOrThrow({ where: { id: SHOP_ON } })).defaultLocationId!;
  const variant = shopify!.shop(SHOP_ON).inventoryItems.get(Number(link!.inventoryItemId.split("/").pop()))!;
  const level = () => variant.levels.find((l) => `gid://shopify/Location/${l.locationId}` === location)?.available ?? null;
  const before = level();
  // What the rule publishes for the stored item (app/domain/sync-target.ts), as the storm checks it.
  const wanted = async () => {
    const context = await new PrismaWriterStore(db.prisma).loadDecisionContext(SHOP_ON, [link!.itemId]);
    const input = context.items.get(link!.itemId)!;
    const target = syncTarget({ shop: context.shop!, customer: context.customer!, item: input.item, link: input.link, trigger: "WEBHOOK" });
    expect(target.decision.kind).toBe("sync");
    return targetAt(target, location)!.quantity;
  };

  // A ship notice for it (delivered and applied in order), then, at the warehouse: it is received, and
  // a stock adjustment follows. Whiplash delivers the adjustment first and the receipt after it.
  whiplash.createShipNotice({ customerId: item.customer_id, warehouseId: 1, lines: [{ itemId: item.id, quantity: 12 }] });
  await whiplash.flush();
  expect((await world.worker.drain()).failed).toBe(0);
  const notice = [...whiplash.state.shipNotices.values()].find((n) => n.lines.some((l) => l.item_id === item.id) && n.lines.length === 1)!;
  const receipt = actions.receiveShipNotice(whiplash.state, notice.id, undefined);
  // Whiplash's own automation switched its flag on with the receipt; here it is the app's automation that
  // must do it (rule 3.4), so Whiplash's flag stays off in the later events (otherwise the adjustment would
  // carry Whiplash's ON, rule 3.10, and the late receipt would have nothing left to change).
  item.available = false;
  const adjustment = actions.adjust(whiplash.state, item.id, 1, 5);

  // The notice's "items received" comes first: its line counters grow (received), but a line update does
  // not switch Process Orders on (that is the receipt's job), so the writer still skips the item.
  expect(receipt.map((p) => p.event_name)).toEqual(["shipnotice.items_received", "item.inventory_received"]);
  whiplash.emit([receipt[0]]);
  await whiplash.flush();
  expect((await world.worker.drain()).failed).toBe(0);
  whiplash.emit(adjustment);
  await whiplash.flush();
  expect((await world.worker.drain()).failed).toBe(0);
  expect((await writer.drain()).failed).toBe(0);
  // Newest quantities stored; Process Orders still off (an adjustment does not switch it on in this mode).
  expect(await storedQuantity(world, item.id)).toEqual(Object.fromEntries([...item.stock].filter(([, q]) => q !== 0)));
  expect((await db.prisma.item.findUniqueOrThrow({ where: { id: link!.itemId } })).processOrders).toBe(false);
  expect(level()).toBe(before);

  whiplash.emit([receipt[1]]);
  await whiplash.flush();
  expect((await world.worker.drain()).failed).toBe(0);
  const stored = await db.prisma.item.findUniqueOrThrow({ where: { id: link!.itemId } });
  expect({ processOrders: stored.processOrders, receivedTotal: stored.receivedTotal }).toEqual({ processOrders: true, receivedTotal: 12 });
  // The receipt's quantities were older than the adjustment's: ignored (STALE), nothing moved backwards.
  expect(await storedQuantity(world, item.id)).toEqual(Object.fromEntries([...item.stock].filter(([, q]) => q !== 0)));

  // Process Orders on: the item's stock is now published.
  expect(await db.prisma.pendingSync.count({ where: { shopId: SHOP_ON, itemId: link!.itemId } })).toBe(1);
  expect((await writer.drain()).failed).toBe(0);
  expect(level()).toBe(await wanted());
  expect(await db.prisma.pendingSync.count()).toBe(0);
});
