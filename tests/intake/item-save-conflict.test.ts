// Two workers apply events to one item at once (PostgreSQL with several workers, or a retried batch while its
// first attempt still runs): the later save finds the item saved by the other. The events must be applied on
// top of the other worker's save, in the same job, with nothing lost and no job retry spent.
import { afterEach, describe, expect, it } from "vitest";
import { ItemVersionConflictError } from "../../app/.server/db/items";
import { repositoryItemStore, type ItemStore } from "../../app/.server/warehouse/apply-item-store";
import { createWorld, intakeWorker, storedQuantity, type World } from "./world";

describe("item saved by another worker meanwhile", () => {
  let world: World;
  afterEach(() => world?.close());

  it("reloads the item and applies the events again instead of failing the job", async () => {
    world = await createWorld({ shopify: false });
    const { whiplash, db } = world;
    const [a, b] = [...whiplash.state.items.values()].filter((i) => (i.stock.get(1) ?? 0) >= 10);
    whiplash.shipOrder(a.id, 2, 1);
    whiplash.adjust(b.id, 1, 4);
    await whiplash.flush();

    // The other worker: saves item `a` (an adjustment it applied) right before our first save of it.
    const real = repositoryItemStore(db.prisma);
    let interfered = 0;
    let conflicts = 0;
    const racingStore: ItemStore = {
      ...real,
      async save(customerId, record, next) {
        if (record.state.whiplashItemId === a.id && interfered++ === 0) {
          const theirs = (await real.load(customerId, a.id))!;
          await real.save(customerId, theirs, { ...theirs.state, receivedTotal: theirs.state.receivedTotal + 7 });
        }
        try {
          return await real.save(customerId, record, next);
        } catch (error) {
          if (error instanceof ItemVersionConflictError) conflicts++;
          throw error;
        }
      },
    };
    const before = (await real.load(world.customerId, a.id))!.state.receivedTotal;

    const round = await intakeWorker(world, world.queue, racingStore).runOnce();

    expect(conflicts).toBe(1);
    expect(round).toMatchObject({ failed: 0, retried: 0 });
    expect(await db.prisma.inboundEvent.count({ where: { outcome: { in: ["PENDING", "FAILED"] } } })).toBe(0);
    // Both saves count: the other worker's change is kept and ours is applied on top of it.
    expect((await real.load(world.customerId, a.id))!.state.receivedTotal).toBe(before + 7);
    expect(await storedQuantity(world, a.id)).toEqual(Object.fromEntries(a.stock));
    expect(await storedQuantity(world, b.id)).toEqual(Object.fromEntries(b.stock));
  });
});
