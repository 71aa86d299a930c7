// A warehouse change reaches Shopify through the database's production queue (PrismaJobQueue on SQLite,
// PgBossQueue in the postgres leg): signed Whiplash webhook -> intake (event and job in one transaction)
// -> whiplash-event job -> pending syncs -> one shop-writer job per shop (singleton) -> the writer's
// inventorySetQuantities on the Shopify simulator. Duplicated deliveries are stored and applied once.
import { afterEach, expect, it } from "vitest";
import { Worker } from "../../app/.server/jobs/worker";
import { SHOP_WRITER_JOB, WHIPLASH_EVENT_JOB } from "../../app/.server/jobs/registry";
import { shopWriterJobHandlers } from "../../app/.server/sync/writer/writer-jobs";
import { createWorld, SHOP_OFF, SHOP_ON, silent, type World } from "../intake/world";
import { countJobs } from "../support/test-queue";
import { inboundPublished } from "../../simulators/whiplash/state";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

it("a warehouse change travels from the webhook through both jobs to Shopify, once", async () => {
  world = await createWorld({ items: 20, duplicates: 0.5, randomSeed: 3 });
  const { db, whiplash, queue, shopify } = world;
  const writer = new Worker({ queue, logger: silent, handlers: shopWriterJobHandlers(db.prisma, silent, { adminClient: world.adminClient! }) });
  expect((await writer.drain()).failed).toBe(0); // the import's first syncs

  const location = (await db.prisma.shop.findUniqueOrThrow({ where: { id: SHOP_ON } })).defaultLocationId!;
  const links = await db.prisma.itemLink.findMany({ where: { shopId: SHOP_ON }, include: { item: true }, orderBy: { itemId: "asc" } });
  const changed = links
    .map((l) => ({ link: l, item: whiplash.state.items.get(l.item.whiplashItemId)! }))
    // Items whose published quantity is their sellable stock (no inbound to add).
    .filter(({ item }) => inboundPublished(whiplash.state, item.id) === 0 && item.stock.size > 0)
    .slice(0, 4);
  expect(changed.length).toBe(4);
  // Process Orders on, on both sides (the imported demo items are off, which the rules skip).
  for (const { item } of changed) item.available = true;
  await db.prisma.item.updateMany({ where: { id: { in: changed.map((c) => c.link.itemId) } }, data: { processOrders: true, processOrdersSetBy: "PERSON" } });
  const deliveredBefore = whiplash.outbox.deliveries.length;
  const eventsBefore = await db.prisma.inboundEvent.count({ where: { source: "whiplash" } });
  for (const { item } of changed) whiplash.adjust(item.id, [...item.stock.keys()][0], 7);
  await whiplash.flush();
  expect(world.statuses.every((s) => s === 200)).toBe(true);
  // Deduplicated at the door: one event and one job per distinct delivery.
  const deliveries = whiplash.outbox.deliveries.slice(deliveredBefore);
  const distinct = new Set(deliveries.map((d) => d.body)).size;
  expect(deliveries.length).toBeGreaterThan(distinct); // duplicates were sent
  expect(await db.prisma.inboundEvent.count({ where: { source: "whiplash" } })).toBe(eventsBefore + distinct);
  expect(await countJobs(db, { name: WHIPLASH_EVENT_JOB, states: ["created"] })).toBe(distinct);

  expect((await world.worker.drain()).failed).toBe(0);
  // One waiting writer for the shop with sync on, however many events touched it; none for the other.
  expect(await countJobs(db, { name: SHOP_WRITER_JOB, shopId: SHOP_ON, states: ["created", "retry"] })).toBe(1);
  expect(await countJobs(db, { name: SHOP_WRITER_JOB, shopId: SHOP_OFF, states: ["created", "retry"] })).toBe(0);

  expect((await writer.drain()).failed).toBe(0);
  expect(await db.prisma.pendingSync.count({ where: { shopId: SHOP_ON } })).toBe(0);
  const levels = shopify!.inventoryLevels(SHOP_ON, { locationId: location });
  for (const { link, item } of changed) {
    const sellable = [...item.stock.values()].reduce((a, b) => a + b, 0);
    const level = levels.find((l) => String(l.inventoryItemId).split("/").pop() === link.inventoryItemId.split("/").pop());
    expect(level?.available, item.sku).toBe(sellable);
  }
});
