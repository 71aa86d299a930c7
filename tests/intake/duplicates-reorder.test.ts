// Duplicates and reordering from the Whiplash simulator never apply an event twice or move stock
// backwards (rule 3.7 through the domain core; dedupe on the body hash at intake).
import { afterEach, describe, expect, it } from "vitest";
import { createWorld, storedQuantity, type World } from "./world";
import { STATUS } from "../../simulators/whiplash/state";
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
});
