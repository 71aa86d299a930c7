// Crash safety: the worker dies in the middle of a batch (after some item saves, before their events'
// outcomes and the jobs' completion are recorded). After a restart every event is applied exactly once
// in effect, and the items saved just before the crash still get their pending syncs.
import { afterEach, describe, expect, it } from "vitest";
import type { JobQueue } from "../../app/.server/jobs/types";
import { repositoryItemStore, type ItemStore } from "../../app/.server/warehouse/apply-item-store";
import { createWorld, intakeWorker, SHOP_ON, storedQuantity, type World } from "./world";
import { STATUS } from "../../simulators/whiplash/state";
import { countJobs, listJobs } from "../support/test-queue";

class ProcessKilled extends Error {}

/**
 * The dead process's view of an object (queue, Prisma client and its model delegates): once `isDead()`,
 * every call throws, so nothing the dead worker would still have done reaches the database.
 */
function dying<T extends object>(target: T, isDead: () => boolean): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value === "function") {
        return (...args: unknown[]) => {
          if (isDead()) throw new ProcessKilled("worker process is gone");
          return value.apply(obj, args);
        };
      }
      return value !== null && typeof value === "object" && typeof prop === "string" && !prop.startsWith("_") ? dying(value, isDead) : value;
    },
  });
}

describe("crash safety", () => {
  let world: World;
  let clock: Date;
  afterEach(() => world?.close());

  it("kill after N item saves; restart applies every event exactly once in effect", async () => {
    clock = new Date();
    world = await createWorld({ queueNow: () => clock });
    const { whiplash, db } = world;
    const prisma = db.prisma;
    await prisma.pendingSync.deleteMany({});

    // Traffic: a ship notice received (lines + items), orders and adjustments on in-stock items.
    const notice = [...whiplash.state.shipNotices.values()].find((n) => n.status === STATUS.ARRIVED)!;
    whiplash.receiveShipNotice(notice.id);
    const stocked = [...whiplash.state.items.values()].filter((i) => (i.stock.get(1) ?? 0) >= 10).slice(0, 6);
    for (const item of stocked) {
      whiplash.shipOrder(item.id, 2, 1);
      whiplash.adjust(item.id, 1, 4);
    }
    await whiplash.flush();
    const events = await prisma.inboundEvent.count();
    expect(events).toBe(1 + notice.lines.length + stocked.length * 2);

    // First worker: dies right after its 5th item save (mid-batch, mid-event).
    let saves = 0;
    let dead = false;
    const real = repositoryItemStore(prisma);
    const dyingStore: ItemStore = {
      load: (...a) => (dead ? Promise.reject(new ProcessKilled()) : real.load(...a)),
      create: (...a) => (dead ? Promise.reject(new ProcessKilled()) : real.create(...a)),
      async save(...a) {
        if (dead) throw new ProcessKilled();
        const version = await real.save(...a);
        if (++saves === 5) {
          dead = true;
          throw new ProcessKilled("killed after a save");
        }
        return version;
      },
    };
    const first = intakeWorker(world, dying(world.queue as JobQueue, () => dead), dyingStore, 30_000, dying(prisma, () => dead));
    await expect(first.runOnce()).rejects.toBeInstanceOf(ProcessKilled);
    expect(await countJobs(world.db, { states: ["active"] })).toBeGreaterThan(0); // claimed, never finished
    const savedBeforeCrash = await prisma.item.findMany({ where: { version: { gt: 1 } }, select: { id: true } });
    expect(savedBeforeCrash.length).toBeGreaterThanOrEqual(4);
    // The dead worker recorded nothing after its last save: no outcome, no pending sync, no completion.
    expect(await prisma.inboundEvent.count({ where: { outcome: "PENDING" } })).toBe(events);
    expect(await prisma.pendingSync.count()).toBe(0);

    // Restart: a new worker after the dead one's locks expired.
    clock = new Date(clock.getTime() + 31_000);
    const second = intakeWorker(world, world.queue);
    const round = await second.drain();
    expect(round.failed).toBe(0);

    // Every event has a final outcome, every job completed, nothing is left half-done.
    expect(await prisma.inboundEvent.count({ where: { outcome: { in: ["PENDING", "FAILED"] } } })).toBe(0);
    expect(await countJobs(world.db, { name: "whiplash-event", states: ["created", "retry", "active", "failed", "cancelled"] })).toBe(0);
    // Exactly once in effect: the app's quantities and receipts equal the warehouse's.
    for (const line of notice.lines) {
      const item = await prisma.item.findFirstOrThrow({ where: { whiplashItemId: line.item_id } });
      expect(item.receivedTotal).toBe(line.quantity);
    }
    for (const item of [...stocked, ...notice.lines.map((l) => whiplash.state.items.get(l.item_id)!)]) {
      expect(await storedQuantity(world, item.id)).toEqual(Object.fromEntries(item.stock));
    }
    // Items saved just before the crash still got their pending syncs (re-queued on replay).
    const pending = new Set((await prisma.pendingSync.findMany({ where: { shopId: SHOP_ON } })).map((p) => p.itemId));
    const linked = new Set((await prisma.itemLink.findMany({ where: { shopId: SHOP_ON } })).map((l) => l.itemId));
    for (const { id } of savedBeforeCrash) if (linked.has(id)) expect(pending.has(id)).toBe(true);
  });

  it("an event that cannot be completed is kept as FAILED with why, and nothing is applied", async () => {
    world = await createWorld({ shopify: false });
    const { db } = world;
    // No updated_at and an item Whiplash does not know: the re-read fails permanently (404).
    const body = JSON.stringify({ event_name: "item.inventory_changed", item: { id: 999_999, customer_id: 1001, quantity: 3 } });
    world.whiplash.emit([JSON.parse(body)]);
    await world.whiplash.flush();
    const r = await world.worker.drain();
    expect(r.failed).toBe(1);
    const event = await db.prisma.inboundEvent.findFirstOrThrow();
    expect(event.outcome).toBe("FAILED");
    expect(event.outcomeDetail).toContain("404");
    expect(await db.prisma.item.count({ where: { whiplashItemId: 999_999 } })).toBe(0);
    const [job] = await listJobs(db, { name: "whiplash-event" });
    expect(job.state).toBe("failed");
    expect(job.lastError).toContain("404");
  });
});
