// Per-item userErrors: ITEM_NOT_STOCKED_AT_LOCATION is fixed by inventoryActivate and a retry;
// permanent errors are logged on the item and in the sync log while the rest of the batch lands.
import { afterEach, describe, expect, it } from "vitest";
import { WriterWorld } from "../support/writer-world";

let world: WriterWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("per-item userErrors", () => {
  it("ITEM_NOT_STOCKED_AT_LOCATION: activates the item at the location, then writes it", async () => {
    world = await WriterWorld.start({ items: 40 });
    await world.setWantedMany(Array.from({ length: 40 }, (_, i) => ({ i, quantity: 5 })));
    await world.setWanted(3, 12, { warehouse: 2 }); // the shop's own location: not stocked there yet
    await world.setWanted(7, 0, { warehouse: 2 });
    expect(world.available(3, world.shopLocation)).toBeUndefined();

    const result = await world.writer();
    expect(result).toMatchObject({ status: "completed", written: 42, failed: 0, activations: 2 });
    expect(world.available(3, world.shopLocation)).toBe(12);
    expect(world.available(7, world.shopLocation)).toBe(0);
    expect(world.mismatches()).toEqual([]);
    expect(world.history().filter((g) => g.source === "inventoryActivate")).toHaveLength(2);
  });

  it("a permanent error on one item is recorded on the item and in the sync log; the others land", async () => {
    world = await WriterWorld.start({ items: 30 });
    await world.setWantedMany(Array.from({ length: 30 }, (_, i) => ({ i, quantity: 6 + i })));
    // Item 4's variant was deleted in Shopify: its inventory item id no longer exists.
    await world.setInventoryItem(4, "gid://shopify/InventoryItem/999999999");
    world.wanted.delete(`${world.inventoryItemIds[4]}|${world.appLocation}`);

    const result = await world.writer();
    expect(result).toMatchObject({ written: 29, failed: 1 });
    expect(world.mismatches()).toEqual([]);
    expect(await world.linkError(4)).toMatch(/^INVALID_INVENTORY_ITEM/);
    const failed = (await world.log()).filter((l) => l.decision === "FAILED");
    expect(failed).toEqual([expect.objectContaining({ itemId: world.itemId(4), reason: "INVALID_INVENTORY_ITEM" })]);
    // Handled: the failed row does not loop forever.
    expect(await world.pendingCount()).toBe(0);
  });

  it("a later success clears the item's last error", async () => {
    world = await WriterWorld.start({ items: 2 });
    await world.setInventoryItem(1, "gid://shopify/InventoryItem/999999999");
    await world.setWanted(1, 2);
    await world.writer();
    expect(await world.linkError(1)).toBeTruthy();
    await world.setInventoryItem(1, world.inventoryItemIds[1]);
    await world.setWanted(1, 3);
    await world.writer();
    expect(await world.linkError(1)).toBeNull();
    expect(world.available(1)).toBe(3);
  });
});
