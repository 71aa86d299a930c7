// Payloads without what the app needs are completed by re-reading Whiplash through the API client.
import { afterEach, describe, expect, it } from "vitest";
import { createWorld, storedQuantity, type World } from "./world";

describe("incomplete payloads", () => {
  let world: World;
  afterEach(() => world?.close());

  it("a bare total for an item stocked at two warehouses is split by re-reading its warehouse quantities", async () => {
    world = await createWorld({ shopify: false, warehouseQuantities: false, items: 60 });
    const { whiplash } = world;
    const item = [...whiplash.state.items.values()].find((i) => i.stock.size === 2 && (i.stock.get(1) ?? 0) > 3)!;
    expect(item).toBeDefined();
    const before = whiplash.api.calls.get("GET /items/:id/warehouse_quantities") ?? 0;
    whiplash.shipOrder(item.id, 2, 1);
    await whiplash.flush();
    expect(JSON.parse(whiplash.outbox.deliveries.at(-1)!.body).item.warehouse_quantities).toBeUndefined();
    await world.worker.drain();
    expect(whiplash.api.calls.get("GET /items/:id/warehouse_quantities")).toBe(before + 1);
    expect(await storedQuantity(world, item.id)).toEqual(Object.fromEntries(item.stock));
  });

  it("an event without updated_at is completed by re-reading the item", async () => {
    world = await createWorld({ shopify: false, items: 30 });
    const { whiplash } = world;
    const item = [...whiplash.state.items.values()].find((i) => i.stock.size === 1 && (i.stock.get(1) ?? 0) > 3)!;
    item.stock.set(1, 2); // the warehouse's truth changed; the webhook only says "it changed"
    item.updated_at = new Date(Date.now() + 1000).toISOString();
    whiplash.emit([{ event_name: "item.inventory_changed", item: { id: item.id, customer_id: 1001 } }]);
    await whiplash.flush();
    await world.worker.drain();
    expect(whiplash.api.calls.get("GET /items/:id")).toBeGreaterThanOrEqual(1);
    expect(await storedQuantity(world, item.id)).toEqual({ 1: 2 });
  });
});
