// Done-when of issue 4: receiving a ship notice in the Whiplash simulator results, through signed
// webhooks, the Remix route, the queue and the domain core, in pending syncs for the right items in the
// right shops (two shops of one customer; one has "Sync inventory" off).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs } from "@remix-run/node";
import { createTestDb } from "../support/test-db";
import { createWorld, SHOP_OFF, SHOP_ON, storedQuantity, type World } from "./world";
import { STATUS } from "../../simulators/whiplash/state";
import { deleteAllJobs, listJobs } from "../support/test-queue";

describe("ship notice received at Whiplash -> pending syncs in the right shops", () => {
  let world: World;

  beforeAll(async () => {
    // The route module opens the app's database from DATABASE_URL when first imported: point it at
    // this test's database, then hand every simulator delivery to the route's action as a Request.
    const db = await createTestDb();
    process.env.DATABASE_URL = db.url;
    const route = await import("../../app/routes/webhooks.whiplash");
    world = await createWorld({
      db,
      deliver: (request) => route.action({ request, params: {}, context: {} } as ActionFunctionArgs) as Promise<Response>,
    });
  }, 60_000);
  afterAll(() => world?.close());

  it("imports, matches both shops, and queues first syncs only where sync is on", async () => {
    const prisma = world.db.prisma;
    expect(await prisma.item.count()).toBe(world.whiplash.state.items.size);
    const linksOn = await prisma.itemLink.count({ where: { shopId: SHOP_ON } });
    expect(linksOn).toBeGreaterThan(30);
    expect(await prisma.itemLink.count({ where: { shopId: SHOP_OFF } })).toBe(linksOn);
    const issues = await prisma.matchIssue.findMany({ where: { shopId: SHOP_ON }, orderBy: { sku: "asc" } });
    expect(issues.map((i) => [i.sku, i.kind])).toEqual([
      ["SKU-00003", "DUPLICATE_SKU_IN_WHIPLASH"],
      ["WL-ONLY-0001", "UNMATCHED_SKU"],
    ]);
    expect(await prisma.pendingSync.count({ where: { shopId: SHOP_OFF } })).toBe(0);
    expect(await prisma.pendingSync.count({ where: { shopId: SHOP_ON, trigger: "IMPORT" } })).toBe(linksOn);
  });

  it("a received ship notice becomes pending syncs for its items, in the shop with sync on only", async () => {
    const prisma = world.db.prisma;
    await prisma.pendingSync.deleteMany({});
    await deleteAllJobs(world.db);
    const notice = [...world.whiplash.state.shipNotices.values()].find((n) => n.status === STATUS.ARRIVED)!;
    const items = notice.lines.map((l) => world.whiplash.state.items.get(l.item_id)!);
    const before = await Promise.all(items.map((i) => storedQuantity(world, i.id)));

    world.whiplash.receiveShipNotice(notice.id);
    await world.whiplash.flush();
    expect(world.statuses.every((s) => s === 200)).toBe(true);
    expect(await prisma.inboundEvent.count({ where: { outcome: "PENDING" } })).toBe(1 + notice.lines.length);

    const round = await world.worker.drain();
    expect(round.failed).toBe(0);
    expect(await prisma.inboundEvent.count({ where: { outcome: { not: "APPLIED" } } })).toBe(0);

    const pending = await prisma.pendingSync.findMany({ where: { shopId: SHOP_ON } });
    const links = await prisma.itemLink.findMany({ where: { shopId: SHOP_ON }, include: { item: true } });
    const linkedWhiplashIds = new Set(links.map((l) => l.item.whiplashItemId));
    const expectedItems = items.filter((i) => linkedWhiplashIds.has(i.id));
    expect(pending).toHaveLength(expectedItems.length);
    for (const [n, item] of items.entries()) {
      const line = notice.lines[n];
      const after = await storedQuantity(world, item.id);
      expect(after[notice.warehouse_id]).toBe((before[n][notice.warehouse_id] ?? 0) + line.quantity);
      const row = pending.find((p) => links.find((l) => l.itemId === p.itemId)?.item.whiplashItemId === item.id);
      if (!linkedWhiplashIds.has(item.id)) continue;
      expect(row).toMatchObject({ trigger: "WEBHOOK", locationId: (await prisma.shop.findUniqueOrThrow({ where: { id: SHOP_ON } })).defaultLocationId });
      // Wanted = everything sellable at the mapped warehouses (+ published inbound - buffer: none here).
      const total = Object.values(after).reduce((a, b) => a + b, 0);
      // (no buffer; the notice is fully received so nothing is still inbound for these items)
      expect(row!.wanted).toBe(total);
    }
    expect(await prisma.pendingSync.count({ where: { shopId: SHOP_OFF } })).toBe(0);

    // Received items switch Process Orders on (standard setup: ON_RECEIPT_OFF_AT_SELLOUT).
    const stored = await prisma.item.findMany({ where: { whiplashItemId: { in: items.map((i) => i.id) } } });
    expect(stored.every((i) => i.processOrders && i.firstReceivedAt !== null)).toBe(true);

    // One writer job for the shop with sync on, none for the other.
    const jobs = await listJobs(world.db, { name: "shop-writer" });
    expect(jobs.map((j) => [j.shopId, j.state])).toEqual([[SHOP_ON, "created"]]);
  });
});
