// Compare-and-swap writes (rule 3.9): every write carries the level we last knew as changeFromQuantity.
// A customer's order in Shopify since then makes Shopify refuse that entry (CHANGE_FROM_QUANTITY_STALE)
// instead of letting the warehouse's older number overwrite the sale; the writer re-reads that level,
// re-decides the item (units in flight included) and retries it alone while the rest of the batch lands.
import { afterEach, describe, expect, it } from "vitest";
import { applyOrderVersion } from "../../app/.server/db/in-flight-orders";
import { WriterWorld } from "../support/writer-world";

let world: WriterWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("compare-and-swap writes", () => {
  it("a sale in Shopify since our last write: that item is re-read, re-decided and retried; the batch lands", async () => {
    world = await WriterWorld.start({ items: 10 });
    await world.setWantedMany(Array.from({ length: 10 }, (_, i) => ({ i, quantity: 10 })));
    expect(await world.writer()).toMatchObject({ written: 10, failed: 0 });

    // A customer buys 2 of item 3: Shopify 10 -> 8 (2 committed). The app has heard of the order.
    const order = await world.sim.placeOrder(world.shop, { lines: [{ inventoryItemId: world.inventoryItemIds[3], quantity: 2 }] });
    expect(order).not.toBeNull();
    expect(world.available(3)).toBe(8);
    // Its webhook stored the order's units in flight (the rows the Prisma store reads at send time).
    await applyOrderVersion(
      world.db.prisma,
      world.shop,
      { orderId: String(order!.id), updatedAt: null, closed: null, lines: [{ itemId: world.itemId(3), locationId: world.appLocation, units: 2 }] },
      new Date(),
    );

    // The warehouse receives 5 of everything before it imports the order.
    await world.setWantedMany(Array.from({ length: 10 }, (_, i) => ({ i, quantity: 15 })));
    world.wanted.set(`${world.inventoryItemIds[3]}|${world.appLocation}`, 13);
    const result = await world.writer();

    expect(result).toMatchObject({ status: "completed", written: 10, failed: 0, staleRereads: 1 });
    expect(world.mismatches()).toEqual([]);
    expect(world.available(3)).toBe(13); // 15 in the warehouse - 2 in flight
    // The retry was based on what Shopify really showed (8), not on our older 10.
    const item3 = (await world.log()).filter((l) => l.itemId === world!.itemId(3) && l.decision === "SYNCED");
    expect(item3.at(-1)).toMatchObject({ quantityBefore: 8, quantityAfter: 13 });
  });

  it("the first write to a level we know nothing of compares with nothing (explicit null)", async () => {
    world = await WriterWorld.start({ items: 1 });
    await world.sim.placeOrder(world.shop, { lines: [{ inventoryItemId: world.inventoryItemIds[0], quantity: 1 }] }); // refused: 0 available
    await world.setWanted(0, 4);
    expect(await world.writer()).toMatchObject({ written: 1, failed: 0, staleRereads: 0 });
    expect(world.available(0)).toBe(4);
  });
});
