// Batching limits against the simulator: <= 250 quantities per call, no duplicate (item, location) pair
// in a call, batch size shrinking when Shopify charges per quantity, everything lands once.
import { afterEach, describe, expect, it } from "vitest";
import { WriterWorld } from "../support/writer-world";

let world: WriterWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

function groupsOfRun(w: WriterWorld) {
  return w.history().filter((g) => g.source === "inventorySetQuantities");
}

describe("shop writer batching", () => {
  it("writes 1,100 items in calls of at most 250, each pair once, with a sync log entry per item", async () => {
    world = await WriterWorld.start({ items: 1100, latencyMs: 5 });
    await world.setWantedMany(Array.from({ length: 1100 }, (_, i) => ({ i, quantity: 1 + (i % 97) })));
    const result = await world.writer();

    expect(result).toMatchObject({ status: "completed", written: 1100, failed: 0, calls: 5 });
    expect(world.mismatches()).toEqual([]);
    const groups = groupsOfRun(world);
    expect(groups).toHaveLength(5);
    for (const group of groups) {
      expect(group.changes.length).toBeLessThanOrEqual(250);
      const pairs = group.changes.map((c) => `${c.inventoryItemId}:${c.locationId}`);
      expect(new Set(pairs).size).toBe(pairs.length);
      expect(group.reason).toBe("correction");
      expect(group.referenceDocumentUri).toBe(`gid://whiplash-sync/SyncRun/${result.runId}`);
      expect(group.idempotencyKey).toBeTruthy();
    }
    expect(new Set(groups.map((g) => g.idempotencyKey)).size).toBe(5);
    expect(await world.pendingCount()).toBe(0);
    expect((await world.log()).filter((l) => l.decision === "SYNCED")).toHaveLength(1100);
    expect(world.counters().throttled).toBe(0);
  });

  it("an item queued at two locations goes out as two distinct pairs (activating the second)", async () => {
    world = await WriterWorld.start({ items: 3 });
    await world.setWanted(0, 5);
    await world.setWanted(0, 7, { warehouse: 2 });
    await world.setWanted(1, 9);
    const result = await world.writer();
    expect(result).toMatchObject({ written: 3, failed: 0 });
    expect(world.available(0)).toBe(5);
    expect(world.available(0, world.shopLocation)).toBe(7);
  });

  it("skips without calling Shopify what Shopify already shows, and re-decides at send time", async () => {
    world = await WriterWorld.start({ items: 4 });
    await world.setWanted(0, 3);
    await world.setWanted(1, 4);
    await world.writer();
    const before = world.counters().graphqlRequests;
    await world.setWanted(0, 3); // unchanged
    await world.setWanted(2, 8);
    await world.setSyncSetting(2, "NEVER"); // changed after queueing
    const result = await world.writer();
    expect(result).toMatchObject({ written: 0, skipped: 2, calls: 0 });
    expect(world.counters().graphqlRequests).toBe(before);
    expect((await world.log()).slice(-2).map((l) => l.reason).sort()).toEqual(["NEVER", "UNCHANGED"]);
  });

  it("when Shopify charges per quantity, shrinks batches below the 1000-point limit from measured cost", async () => {
    world = await WriterWorld.start({ items: 1000, plan: "Plus" });
    world.sim.setCostModel({ inventorySetQuantitiesPerQuantity: 5 }); // 250 quantities would cost 1260
    await world.setWantedMany(Array.from({ length: 1000 }, (_, i) => ({ i, quantity: 2 + (i % 11) })));
    const result = await world.writer();

    expect(result).toMatchObject({ written: 1000, failed: 0 });
    expect(world.mismatches()).toEqual([]);
    // At most the first (uncalibrated) call is refused; every call sent after it fits under 1000 points.
    expect(world.counters().maxCostExceeded).toBeLessThanOrEqual(1);
    for (const group of groupsOfRun(world)) expect(10 + 5 * group.changes.length).toBeLessThanOrEqual(1000);
    expect(world.calibration.maxBatchSize("InventorySetQuantities", 250)).toBe(178);
  });

  it("reads and decides the next page of a big pass while the current batch goes out, one page read at a time", async () => {
    world = await WriterWorld.start({ items: 1100, latencyMs: 5 });
    await world.setWantedMany(Array.from({ length: 1100 }, (_, i) => ({ i, quantity: 1 + (i % 97) })));
    const events: string[] = [];
    let reading = 0;
    let mostAtOnce = 0;
    const store = world.store;
    const read = store.nextPendingPage.bind(store);
    const client = world.client();
    const request = client.request.bind(client);
    const result = await world.writer({
      client: Object.assign(client, {
        request: ((...args: Parameters<typeof request>) => {
          events.push("call");
          return request(...args);
        }) as typeof request,
      }),
      store: Object.assign(Object.create(store) as typeof store, {
        nextPendingPage: async (...args: Parameters<typeof read>) => {
          events.push("read");
          mostAtOnce = Math.max(mostAtOnce, ++reading);
          try {
            return await read(...args);
          } finally {
            reading--;
          }
        },
      }),
    });

    expect(result).toMatchObject({ status: "completed", written: 1100, failed: 0, calls: 5 });
    expect(world.mismatches()).toEqual([]);
    // The second page was asked for before the first call went out (page by page it came after it) ...
    expect(events.slice(0, 3)).toEqual(["read", "read", "call"]);
    // ... and pages are read one after another: each starts where the previous one ended.
    expect(mostAtOnce).toBe(1);
    expect(await world.pendingCount()).toBe(0);
  });

  it("a page read ahead that fails stops the run with its error and leaves its rows pending", async () => {
    world = await WriterWorld.start({ items: 1100, latencyMs: 5 });
    await world.setWantedMany(Array.from({ length: 1100 }, (_, i) => ({ i, quantity: 1 + (i % 97) })));
    const store = world.store;
    const read = store.nextPendingPage.bind(store);
    let reads = 0;
    const failing = Object.assign(Object.create(store) as typeof store, {
      nextPendingPage: async (...args: Parameters<typeof read>) => {
        if (++reads === 3) throw new Error("database went away");
        return read(...args);
      },
    });
    await expect(world.writer({ store: failing })).rejects.toThrow("database went away");
    // What was sent was recorded; the rest stays pending for the next run, which finishes the job.
    expect(await world.pendingCount()).toBeGreaterThan(0);
    const again = await world.writer();
    expect(again.status).toBe("completed");
    expect(world.mismatches()).toEqual([]);
    expect(await world.pendingCount()).toBe(0);
  });
});
