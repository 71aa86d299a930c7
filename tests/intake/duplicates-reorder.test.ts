// Duplicates and reordering from the Whiplash simulator never apply an event twice or move stock
// backwards (rule 3.7 through the domain core; dedupe on the body hash at intake).
import { afterEach, describe, expect, it } from "vitest";
import { createWorld, storedQuantity, type World } from "./world";
import { itemJson, STATUS } from "../../simulators/whiplash/state";
import { countJobs } from "../support/test-queue";

describe("duplicates and reordering", () => {
  let world: World;
  afterEach(() => world?.close());

  it("many stock changes, delivered shuffled with 40% duplicates, end at the warehouse's newest quantities", async () => {
    world = await createWorld({ shopify: false, duplicates: 0.4, reorder: true, randomSeed: 11 });
    const { whiplash, db } = world;
    const items = [...whiplash.state.items.values()].filter((i) => (i.stock.get(1) ?? 0) >= 20).slice(0, 5);
    expect(items.length).toBe(5);

    whiplash.outbox.pause(); // let everything pile up, then deliver it all shuffled
    for (let round = 0; round < 6; round++) {
      for (const item of items) {
        if (round % 3 === 2) whiplash.adjust(item.id, 1, 3);
        else whiplash.shipOrder(item.id, 1 + ((item.id + round) % 3), 1);
      }
    }
    const distinctBodies = new Set<string>();
    await whiplash.flush();
    for (const d of whiplash.outbox.deliveries) distinctBodies.add(d.body);
    expect(whiplash.outbox.deliveries.length).toBeGreaterThan(distinctBodies.size); // duplicates were sent
    expect(world.statuses.every((s) => s === 200)).toBe(true);

    // One stored event per distinct body: duplicates are recognised at the door.
    expect(await db.prisma.inboundEvent.count()).toBe(distinctBodies.size);
    expect(await countJobs(db, { name: "whiplash-event" })).toBe(distinctBodies.size);

    await world.worker.drain();
    for (const item of items) {
      expect(await storedQuantity(world, item.id)).toEqual(Object.fromEntries(item.stock));
      const stored = await db.prisma.item.findFirstOrThrow({ where: { whiplashItemId: item.id } });
      expect(stored.lastEventAt?.toISOString()).toBe(item.updated_at);
    }
    const outcomes = await db.prisma.inboundEvent.groupBy({ by: ["outcome"], _count: { _all: true } });
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(expect.arrayContaining(["APPLIED"]));
    expect(outcomes.find((o) => o.outcome === "PENDING")).toBeUndefined();
    // Shuffled delivery means some older events arrived after newer ones: recorded as STALE, ignored.
    expect(outcomes.find((o) => o.outcome === "STALE")?._count._all ?? 0).toBeGreaterThan(0);
  });

  it("a ship notice received once but delivered twice, out of order, counts its units once", async () => {
    world = await createWorld({ shopify: false, duplicates: 1, reorder: true, randomSeed: 3 });
    const { whiplash, db } = world;
    const notice = [...whiplash.state.shipNotices.values()].find((n) => n.status === STATUS.ARRIVED)!;
    whiplash.outbox.pause();
    whiplash.receiveShipNotice(notice.id);
    await whiplash.flush();
    await world.worker.drain();
    for (const line of notice.lines) {
      const item = await db.prisma.item.findFirstOrThrow({ where: { whiplashItemId: line.item_id }, include: { shipLines: true } });
      const stored = item.shipLines.find((l) => l.whiplashLineId === line.id)!;
      expect(stored.receivedGood).toBe(line.quantity);
      expect(item.receivedTotal).toBe(line.quantity);
      expect(await storedQuantity(world, line.item_id)).toEqual(Object.fromEntries(whiplash.state.items.get(line.item_id)!.stock));
    }
  });

  it("replaying every stored event again changes nothing", async () => {
    world = await createWorld({ shopify: false });
    const { whiplash, db } = world;
    const item = [...whiplash.state.items.values()].find((i) => (i.stock.get(1) ?? 0) >= 10)!;
    whiplash.shipOrder(item.id, 2, 1);
    whiplash.adjust(item.id, 1, 5);
    await whiplash.flush();
    await world.worker.drain();
    const before = await db.prisma.item.findFirstOrThrow({ where: { whiplashItemId: item.id }, include: { stock: true } });
    // Force every event through the worker again (as if re-delivered after a lost acknowledgement).
    await db.prisma.inboundEvent.updateMany({ data: { outcome: "PENDING" } });
    for (const e of await db.prisma.inboundEvent.findMany()) await world.queue.send("whiplash-event", { eventId: e.id });
    await world.worker.drain();
    const after = await db.prisma.item.findFirstOrThrow({ where: { whiplashItemId: item.id }, include: { stock: true } });
    expect(after.stock).toEqual(before.stock);
    expect(after.version).toBe(before.version);
    expect(await db.prisma.inboundEvent.count({ where: { outcome: "STALE" } })).toBe(2);
  });

  it("two different events with the same timestamp: the warehouse's state wins in every arrival order; an exact duplicate is still dropped (issue 12, item 10)", async () => {
    world = await createWorld({ shopify: false, items: 40 });
    const { whiplash, db } = world;
    const items = [...whiplash.state.items.values()].filter((i) => i.stock.size === 1 && i.stock.has(1)).slice(0, 8);
    expect(items.length).toBe(8);
    // Whiplash's timestamp precision is not documented: two changes within one second may share it.
    const T = new Date(Math.ceil((Date.now() + 60_000) / 1000) * 1000).toISOString();
    const changedTo = (item: (typeof items)[number], quantity: number) => {
      item.stock.set(1, quantity);
      item.updated_at = T;
      return { event_name: "item.inventory_changed", item: itemJson(item, whiplash.state) };
    };
    // Every combination of arrival order (5 then 3, or 3 then 5), which one Whiplash has last (its API
    // answers with it), and whether both land in one worker batch or in two.
    const cases = items.map((item, i) => ({ item, order: i % 2 ? [3, 5] : [5, 3], truth: i % 4 < 2 ? 3 : 5, together: i < 4 }));
    const reads = () => whiplash.api.calls.get("GET /items/:id") ?? 0;
    const readsBefore = reads();
    for (const pass of [0, 1]) {
      for (const c of cases) {
        const deliver = c.together ? (pass === 0 ? c.order : []) : [c.order[pass]];
        whiplash.emit(deliver.map((q) => changedTo(c.item, q)));
        c.item.stock.set(1, c.truth);
      }
      await whiplash.flush();
      await world.worker.drain();
    }
    expect(await db.prisma.inboundEvent.count()).toBe(16);
    expect(await db.prisma.inboundEvent.count({ where: { outcome: { in: ["PENDING", "FAILED"] } } })).toBe(0);
    for (const c of cases) {
      expect({ ...c, item: c.item.id, stored: await storedQuantity(world, c.item.id) }).toEqual({ ...c, item: c.item.id, stored: { 1: c.truth } });
      const stored = await db.prisma.item.findFirstOrThrow({ where: { whiplashItemId: c.item.id } });
      expect(stored.lastEventAt?.toISOString()).toBe(T);
    }
    // The tie is settled by asking Whiplash once per item; the event that met it says so.
    expect(reads() - readsBefore).toBe(cases.length);
    const details = (await db.prisma.inboundEvent.findMany()).map((e) => JSON.parse(e.outcomeDetail ?? "{}") as { items?: { tie?: boolean }[] });
    expect(details.filter((d) => d.items?.some((i) => i.tie)).length).toBe(cases.length);

    // The same content at the same time again (a different body, so intake cannot tell): dropped as
    // STALE without asking Whiplash.
    const again = cases[0];
    whiplash.emit([{ ...changedTo(again.item, again.truth), delivery_attempt: 2 }]);
    await whiplash.flush();
    await world.worker.drain();
    expect(await db.prisma.inboundEvent.count()).toBe(17);
    const last = await db.prisma.inboundEvent.findFirstOrThrow({ orderBy: { receivedAt: "desc" } });
    expect(last.outcome).toBe("STALE");
    expect(reads() - readsBefore).toBe(cases.length);
    expect(await storedQuantity(world, again.item.id)).toEqual({ 1: again.truth });
  });
});
