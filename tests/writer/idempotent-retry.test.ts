// A call whose answer is lost (applied by Shopify, connection dropped) or never comes (timeout) is
// retried with the same idempotency key: Shopify replays the first result and nothing is applied twice.
import { afterEach, describe, expect, it } from "vitest";
import { WriterWorld } from "../support/writer-world";

let world: WriterWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("idempotent retries", () => {
  it("a dropped response is retried with the same key and replayed, not applied twice", async () => {
    world = await WriterWorld.start({ items: 300 });
    await world.setWantedMany(Array.from({ length: 300 }, (_, i) => ({ i, quantity: 10 + i })));
    world.sim.addFault({ kind: "drop-response", operation: "mutation", times: 1 });
    const result = await world.writer();

    expect(result).toMatchObject({ status: "completed", written: 300, failed: 0, calls: 2 });
    expect(world.mismatches()).toEqual([]);
    const groups = world.history().filter((g) => g.source === "inventorySetQuantities");
    expect(groups).toHaveLength(2); // two batches, each applied exactly once
    expect(world.counters().idempotentReplays).toBe(1);
    // Every item changed exactly once in Shopify's history.
    const changes = groups.flatMap((g) => g.changes.map((c) => c.inventoryItemId));
    expect(new Set(changes).size).toBe(300);
    expect(changes).toHaveLength(300);
  });

  it("a call that hangs past the client timeout is retried with the same key", async () => {
    world = await WriterWorld.start({ items: 20, timeoutMs: 300 });
    await world.setWantedMany(Array.from({ length: 20 }, (_, i) => ({ i, quantity: 1 + i })));
    world.sim.addFault({ kind: "hang", operation: "mutation", times: 1 });
    const client = world.client();
    const result = await world.writer({ client });
    expect(result).toMatchObject({ written: 20, failed: 0, calls: 1 });
    expect(client.stats.retries).toBeGreaterThanOrEqual(1);
    expect(world.mismatches()).toEqual([]);
    expect(world.history().filter((g) => g.source === "inventorySetQuantities")).toHaveLength(1);
  });

  it("5xx and 429 answers are retried after a wait; the batch lands once", async () => {
    world = await WriterWorld.start({ items: 10 });
    await world.setWantedMany(Array.from({ length: 10 }, (_, i) => ({ i, quantity: 3 })));
    world.sim.addFault({ kind: "status", status: 503, operation: "mutation", times: 2 });
    world.sim.addFault({ kind: "status", status: 429, retryAfterSeconds: 0, operation: "mutation", times: 1 });
    const result = await world.writer();
    expect(result).toMatchObject({ written: 10, failed: 0 });
    expect(world.mismatches()).toEqual([]);
  });

  it("when Shopify stays down the run stops with a RetriableError and keeps the rows pending", async () => {
    world = await WriterWorld.start({ items: 5, retry: { maxAttempts: 3 } });
    await world.setWantedMany(Array.from({ length: 5 }, (_, i) => ({ i, quantity: 4 })));
    world.sim.addFault({ kind: "status", status: 500, operation: "mutation", times: 3 });
    await expect(world.writer()).rejects.toMatchObject({ retriable: true, kind: "HTTP_5XX" });
    expect(await world.pendingCount()).toBe(5);
    // The lease was released: the next run (the job's retry) finishes the work.
    const result = await world.writer();
    expect(result).toMatchObject({ written: 5 });
    expect(world.mismatches()).toEqual([]);
  });
});
