// The sell-out chain where it runs (issue 13 item 4): signed Whiplash webhooks into the app's own Remix
// route, intake (event and job in one transaction), the database's production queue, the events worker,
// the domain core, fan-out, the shop-writer job with the Prisma store, and inventorySetQuantities on the
// Shopify simulator. Three never-received items of the demo customer (standard setup: Process Orders
// only, on at receipt, off at sell-out), one left on the standard setup, one set to Always, one to Never,
// go through: received -> sold out -> restocked by a receipt -> a late duplicate of the sell-out.
// Rule 3.4: when automation switches Process Orders off at sell-out, the final 0 is published first.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs } from "@remix-run/node";
import { Worker } from "../../app/.server/jobs/worker";
import { shopWriterJobHandlers } from "../../app/.server/sync/writer/writer-jobs";
import { kickWriter } from "../../app/.server/sync/kick-writer";
import { STATUS } from "../../simulators/whiplash/state";
import { skuOf } from "../../simulators/whiplash/seed";
import { updateItem } from "../../simulators/whiplash/actions";
import { createTestDb } from "../support/test-db";
import { createWorld, SHOP_ON, silent, type World } from "../intake/world";

let world: World;
let writer: Worker;
let location: string;

interface Subject {
  label: "standard" | "always" | "never";
  whiplashItemId: number;
  itemId: string;
  inventoryItemId: number;
  lineId: number;
  noticeId: number;
  /** What Shopify showed before the app ever wrote the item. */
  seeded: number;
}
const subjects = new Map<Subject["label"], Subject>();
const subject = (label: Subject["label"]) => subjects.get(label)!;
/** A fourth never-received standard item, kept out of `subjects`: its stock moves between sell-out and writer. */
let moved: Subject & { warehouseId: number };

beforeAll(async () => {
  // The route module opens the app's database from DATABASE_URL when first imported: point it at this
  // test's database, then hand every simulator delivery to the route's action as a signed Request.
  const db = await createTestDb();
  process.env.DATABASE_URL = db.url;
  const route = await import("../../app/routes/webhooks.whiplash");
  world = await createWorld({
    db,
    deliver: (request) => route.action({ request, params: {}, context: {} } as ActionFunctionArgs) as Promise<Response>,
  });
  writer = new Worker({ queue: world.queue, logger: silent, handlers: shopWriterJobHandlers(db.prisma, silent, { adminClient: world.adminClient! }) });
  location = (await db.prisma.shop.findUniqueOrThrow({ where: { id: SHOP_ON } })).defaultLocationId!;

  // Never-received demo items on the in-transit ship notice, on lines not published ahead of arrival.
  const notice = [...world.whiplash.state.shipNotices.values()].find((n) => n.status === STATUS.IN_TRANSIT)!;
  const pick: [Subject["label"], number][] = [
    ["standard", 11],
    ["always", 20],
    ["never", 21],
  ];
  for (const [label, n] of pick) {
    const wl = [...world.whiplash.state.items.values()].find((i) => i.sku === skuOf(n))!;
    const line = notice.lines.find((l) => l.item_id === wl.id)!;
    expect(line.include_in_published, label).toBe(false);
    expect(wl.stock.size === 0 || [...wl.stock.values()].every((q) => q === 0), label).toBe(true);
    const link = await db.prisma.itemLink.findFirstOrThrow({ where: { shopId: SHOP_ON, item: { whiplashItemId: wl.id } } });
    const inventoryItemId = Number(link.inventoryItemId.split("/").pop());
    subjects.set(label, { label, whiplashItemId: wl.id, itemId: link.itemId, inventoryItemId, lineId: line.id, noticeId: notice.id, seeded: -1 });
  }
  {
    // Another never-received item on the same notice, on a line not published ahead of arrival.
    const taken = new Set([...subjects.values()].map((s) => s.whiplashItemId));
    const line = notice.lines.find((l) => {
      const i = world.whiplash.state.items.get(l.item_id);
      return !taken.has(l.item_id) && !l.include_in_published && i !== undefined && [...i.stock.values()].every((q) => q === 0);
    })!;
    expect(line).toBeDefined();
    const wl = world.whiplash.state.items.get(line.item_id)!;
    const link = await db.prisma.itemLink.findFirstOrThrow({ where: { shopId: SHOP_ON, item: { whiplashItemId: wl.id } } });
    const inventoryItemId = Number(link.inventoryItemId.split("/").pop());
    moved = { label: "standard", whiplashItemId: wl.id, itemId: link.itemId, inventoryItemId, lineId: line.id, noticeId: notice.id, seeded: -1, warehouseId: notice.warehouse_id };
  }
  // The merchant's item settings, as a person sets them here (the standard item keeps the customer default;
  // an unset one would follow Whiplash's own setting, docs/decisions/0010).
  await db.prisma.item.update({ where: { id: subject("always").itemId }, data: { syncSetting: "ALWAYS", syncSettingSetBy: "PERSON", syncSettingSetAt: new Date() } });
  await db.prisma.item.update({ where: { id: subject("never").itemId }, data: { syncSetting: "NEVER", syncSettingSetBy: "PERSON", syncSettingSetAt: new Date() } });
  for (const s of [...subjects.values(), moved]) s.seeded = available(s);
  // The import's first syncs.
  expect((await writer.drain()).failed).toBe(0);
}, 120_000);
afterAll(() => world?.close());

function available(s: Subject): number {
  const row = world.shopify!.inventoryLevels(SHOP_ON, { locationId: location }).find((l) => Number(String(l.inventoryItemId).split("/").pop()) === s.inventoryItemId);
  return row!.available;
}

/** Shopify's write log for the item at the app's location: every quantity the app set, in order. */
function writes(s: Subject): number[] {
  const locationNumber = Number(location.split("/").pop());
  return world.shopify!.shop(SHOP_ON)
    .history.filter((g) => g.source === "inventorySetQuantities")
    .flatMap((g) => g.changes.filter((c) => c.inventoryItemId === s.inventoryItemId && c.locationId === locationNumber))
    .map((c) => c.availableAfter);
}

async function item(s: Subject) {
  return world.db.prisma.item.findUniqueOrThrow({ where: { id: s.itemId }, include: { stock: true } });
}

async function logs(s: Subject) {
  return world.db.prisma.syncLog.findMany({ where: { shopId: SHOP_ON, itemId: s.itemId }, orderBy: { id: "asc" } });
}

/** Whiplash's webhooks delivered to the route and applied by the events worker (nothing written yet). */
async function deliverAndApply(): Promise<void> {
  await world.whiplash.flush();
  expect(world.statuses.every((s) => s === 200)).toBe(true);
  expect((await world.worker.drain()).failed).toBe(0);
}

async function runWriter(): Promise<void> {
  expect((await writer.drain()).failed).toBe(0);
  expect(await world.db.prisma.pendingSync.count({ where: { shopId: SHOP_ON } })).toBe(0);
}

describe("the sell-out chain, end to end", () => {
  it("before any receipt: the standard and Never items are left as Shopify had them; Always publishes the warehouse's 0", async () => {
    expect(available(subject("standard"))).toBe(subject("standard").seeded);
    expect(writes(subject("standard"))).toEqual([]);
    expect(writes(subject("never"))).toEqual([]);
    expect(writes(subject("always"))).toEqual(subject("always").seeded === 0 ? [] : [0]);
    expect(available(subject("always"))).toBe(0);
  });

  it("received: 5 units reach Shopify for the standard and Always items, Process Orders goes on; Never is not written", async () => {
    const { noticeId } = subject("standard");
    world.whiplash.receiveShipNotice(noticeId, [...subjects.values()].map((s) => ({ lineId: s.lineId, quantityGood: 5 })));
    await deliverAndApply();
    for (const s of subjects.values()) expect(await item(s), s.label).toMatchObject({ processOrders: true, processOrdersSetBy: "AUTOMATION", receivedTotal: 5 });
    await runWriter();

    expect(available(subject("standard"))).toBe(5);
    expect(writes(subject("standard"))).toEqual([5]);
    expect(available(subject("always"))).toBe(5);
    expect(available(subject("never"))).toBe(subject("never").seeded);
    expect(writes(subject("never"))).toEqual([]);
    expect((await logs(subject("never"))).map((l) => [l.decision, l.reason]).at(-1)).toEqual(["SKIPPED", "NEVER"]);
  });

  it("sold out: the final 0 is queued with the switch-off and published before Process Orders keeps anything off Shopify", async () => {
    for (const s of subjects.values()) world.whiplash.shipOrder(s.whiplashItemId, 5);
    await deliverAndApply();

    // Applied, not yet written: automation switched Process Orders off, and in the same step queued the
    // final 0 with trigger SELLOUT. Shopify still shows the 5 units that are gone.
    const standard = subject("standard");
    expect(await item(standard)).toMatchObject({ processOrders: false, processOrdersSetBy: "AUTOMATION" });
    const pending = await world.db.prisma.pendingSync.findMany({ where: { shopId: SHOP_ON, itemId: { in: [...subjects.values()].map((s) => s.itemId) } } });
    expect(pending.map((p) => [p.itemId, p.trigger, p.wanted]).sort()).toEqual(
      [...subjects.values()].map((s) => [s.itemId, "SELLOUT", 0]).sort(),
    );
    expect(available(standard)).toBe(5);
    // A later event for the item arrives before the writer runs (Whiplash renames it; stock still 0): its
    // ordinary sync must not replace the sell-out's, or the 0 would be skipped as not processing orders.
    world.whiplash.emit(updateItem(world.whiplash.state, standard.whiplashItemId, { title: "Demo item 11 (renamed)" }));
    await deliverAndApply();
    expect(await world.db.prisma.pendingSync.findMany({ where: { shopId: SHOP_ON, itemId: standard.itemId } })).toMatchObject([{ trigger: "SELLOUT", wanted: 0 }]);

    const logsBefore = (await logs(standard)).length;
    await runWriter();
    // Published although Process Orders is now off: the sell-out's own sync is not subject to it.
    expect(available(standard)).toBe(0);
    expect(writes(standard)).toEqual([5, 0]);
    const [final] = (await logs(standard)).slice(logsBefore);
    expect(final).toMatchObject({ decision: "SYNCED", reason: "SELLOUT_FINAL", trigger: "SELLOUT", quantityBefore: 5, quantityAfter: 0 });
    expect(available(subject("always"))).toBe(0);
    expect((await logs(subject("always"))).at(-1)).toMatchObject({ decision: "SYNCED", reason: "ALWAYS", trigger: "SELLOUT", quantityAfter: 0 });
    expect(writes(subject("never"))).toEqual([]);
    expect((await logs(subject("never"))).at(-1)).toMatchObject({ decision: "SKIPPED", reason: "NEVER", trigger: "SELLOUT" });

    // Only now does Process Orders being off keep the item off Shopify: an ordinary sync of the sold-out
    // item (the merchant's "sync now" would be forced; this is the writer sweep's kind) writes nothing more.
    await world.db.prisma.pendingSync.create({ data: { shopId: SHOP_ON, itemId: standard.itemId, locationId: location, wanted: 0, trigger: "WEBHOOK" } });
    await kickWriter(world.queue, SHOP_ON);
    await runWriter();
    expect((await logs(standard)).at(-1)).toMatchObject({ decision: "SKIPPED", reason: "NOT_PROCESSING_ORDERS", trigger: "WEBHOOK" });
    expect(writes(standard)).toEqual([5, 0]);
  });

  it("restocked by a receipt: Process Orders goes back on and Shopify shows the new quantity", async () => {
    world.whiplash.receiveShipNotice(subject("standard").noticeId, [...subjects.values()].map((s) => ({ lineId: s.lineId, quantityGood: 8 })));
    await deliverAndApply();
    await runWriter();
    expect(await item(subject("standard"))).toMatchObject({ processOrders: true, processOrdersSetBy: "AUTOMATION", receivedTotal: 13 });
    expect(available(subject("standard"))).toBe(8);
    expect(writes(subject("standard"))).toEqual([5, 0, 8]);
    expect(available(subject("always"))).toBe(8);
    expect(writes(subject("always")).slice(-3)).toEqual([5, 0, 8]);
    expect(available(subject("never"))).toBe(subject("never").seeded);
    expect(writes(subject("never"))).toEqual([]);
  });

  it("a late duplicate of the sell-out changes nothing: not the stock, not Process Orders, not Shopify", async () => {
    const selloutBodies = world.whiplash.outbox.deliveries
      .filter((d) => d.eventName === "item.out_of_stock" || d.eventName === "item.inventory_changed")
      .filter((d) => [...subjects.values()].some((s) => (JSON.parse(d.body) as { item: { id: number } }).item.id === s.whiplashItemId))
      .map((d) => JSON.parse(d.body) as { event_name: string } & Record<string, unknown>);
    expect(selloutBodies.map((b) => b.event_name).sort()).toEqual([...Array(3).fill("item.inventory_changed"), ...Array(3).fill("item.out_of_stock")]);
    const eventsBefore = await world.db.prisma.inboundEvent.count({ where: { source: "whiplash" } });
    const lastLog = (await world.db.prisma.syncLog.findFirstOrThrow({ orderBy: { id: "desc" } })).id;
    const statesBefore = await Promise.all([...subjects.values()].map(item));

    // Whiplash delivers the same events again: the byte-identical bodies are stored once (deduplicated at
    // the door), and a copy whose envelope differs reaches the domain, which finds it older than the receipt.
    world.whiplash.emit(selloutBodies);
    world.whiplash.emit(selloutBodies.map((b) => ({ ...b, redelivery: 1 })));
    await deliverAndApply();
    expect(await world.db.prisma.inboundEvent.count({ where: { source: "whiplash" } })).toBe(eventsBefore + selloutBodies.length);
    // Those copies were applied and found stale (rule 3.7), not refused at the door.
    const late = await world.db.prisma.inboundEvent.findMany({ where: { source: "whiplash" }, orderBy: { receivedAt: "desc" }, take: selloutBodies.length });
    expect(late.map((e) => e.outcome)).toEqual(Array(selloutBodies.length).fill("STALE"));
    await runWriter();

    const statesAfter = await Promise.all([...subjects.values()].map(item));
    for (const [k, after] of statesAfter.entries()) {
      const before = statesBefore[k];
      expect(after.processOrders).toBe(before.processOrders);
      expect(after.stock.map((w) => [w.warehouseId, w.sellable])).toEqual(before.stock.map((w) => [w.warehouseId, w.sellable]));
    }
    expect(available(subject("standard"))).toBe(8);
    expect(available(subject("always"))).toBe(8);
    expect(available(subject("never"))).toBe(subject("never").seeded);
    expect(writes(subject("standard"))).toEqual([5, 0, 8]);
    expect(writes(subject("always")).slice(-3)).toEqual([5, 0, 8]);
    expect(await world.db.prisma.syncLog.count({ where: { shopId: SHOP_ON, decision: "SYNCED", id: { gt: lastLog } } })).toBe(0);
  });
});

// Stock moves between the sell-out and the writer (Process Orders stays off: the standard setup switches it
// on at a receipt, not at an adjustment). The pending row keeps trigger SELLOUT; the writer must still
// publish the sell-out's 0, not leave Shopify showing the stock that sold out (rule 3.4).
describe("a sell-out whose stock moves before the writer runs", () => {
  it("received 8, sold out, +3 adjustment before the writer: Shopify shows 0, not the 8 that sold", async () => {
    world.whiplash.receiveShipNotice(moved.noticeId, [{ lineId: moved.lineId, quantityGood: 8 }]);
    await deliverAndApply();
    await runWriter();
    expect(available(moved)).toBe(8);

    world.whiplash.shipOrder(moved.whiplashItemId, 8);
    await deliverAndApply();
    expect(await item(moved)).toMatchObject({ processOrders: false, processOrdersSetBy: "AUTOMATION" });
    world.whiplash.adjust(moved.whiplashItemId, moved.warehouseId, 3);
    await deliverAndApply();
    const state = await item(moved);
    expect(state).toMatchObject({ processOrders: false, processOrdersSetBy: "AUTOMATION" });
    expect(state.stock.reduce((n, w) => n + w.sellable, 0)).toBe(3);
    expect(await world.db.prisma.pendingSync.findMany({ where: { shopId: SHOP_ON, itemId: moved.itemId } })).toMatchObject([{ trigger: "SELLOUT", wanted: 3 }]);

    const logsBefore = (await logs(moved)).length;
    await runWriter();
    expect(available(moved)).toBe(0);
    expect(writes(moved)).toEqual([8, 0]);
    expect((await logs(moved)).slice(logsBefore)).toMatchObject([{ decision: "SYNCED", reason: "SELLOUT_FINAL", trigger: "SELLOUT", quantityBefore: 8, quantityAfter: 0 }]);
  });

  it("a receipt then switches Process Orders on and Shopify shows the new quantity", async () => {
    world.whiplash.receiveShipNotice(moved.noticeId, [{ lineId: moved.lineId, quantityGood: 4 }]);
    await deliverAndApply();
    await runWriter();
    expect(await item(moved)).toMatchObject({ processOrders: true, processOrdersSetBy: "AUTOMATION" });
    expect(available(moved)).toBe(7);
    expect(writes(moved)).toEqual([8, 0, 7]);
    expect((await logs(moved)).at(-1)).toMatchObject({ decision: "SYNCED", reason: "PROCESSING_ORDERS", quantityAfter: 7 });
  });
});
