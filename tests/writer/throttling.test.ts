// Pacing against the simulator's leaky bucket: a run that needs more points than the bucket holds waits
// the computed time instead of being throttled; a bucket drained by someone else (another process)
// answers THROTTLED, which is retried after the mirrored wait, and the run still lands everything.
import { afterEach, describe, expect, it } from "vitest";
import { WriterWorld } from "../support/writer-world";

let world: WriterWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("pacing against the bucket", () => {
  it("needs more points than are left: paced by the mirrored throttleStatus, no THROTTLED", async () => {
    world = await WriterWorld.start({ items: 2500 });
    await world.setWantedMany(Array.from({ length: 2500 }, (_, i) => ({ i, quantity: 1 + (i % 13) })));
    world.sim.shop(world.shop).bucket.tryCharge(1950); // 50 of 2000 points left; 10 calls need 100
    const client = world.client();
    const result = await world.writer({ client });
    expect(result).toMatchObject({ written: 2500, calls: 10 });
    // The simulator enforces the bucket: 10 calls cost 100 points with 50 left, so landing all of them
    // without a single THROTTLED answer means the writer waited for the missing ~50 points. (No wall-clock
    // assertion: on a loaded machine it measures the machine, not the pacing.)
    expect(world.counters().throttled).toBe(0);
    expect(client.stats.throttled).toBe(0);
    expect(world.mismatches()).toEqual([]);
  });

  it("a bucket emptied by another process: THROTTLED is retried after the computed wait", async () => {
    world = await WriterWorld.start({ items: 500 });
    await world.setWantedMany(Array.from({ length: 500 }, (_, i) => ({ i, quantity: 3 })));
    const client = world.client();
    // Another process keeps the bucket empty until Shopify has refused one of our calls (emptying it once,
    // before the run, leaves time on a loaded machine for 100 points/s to refill a 10-point call before
    // the first call goes out).
    const bucket = world.sim.shop(world.shop).bucket;
    const drain = () => bucket.tryCharge(bucket.status().currentlyAvailable);
    drain();
    const other = setInterval(() => (world!.counters().throttled > 0 ? clearInterval(other) : drain()), 2);
    const result = await world.writer({ client }).finally(() => clearInterval(other));
    expect(result).toMatchObject({ written: 500, failed: 0 });
    expect(client.stats.throttled).toBeGreaterThanOrEqual(1);
    expect(world.counters().throttled).toBe(client.stats.throttled);
    expect(world.mismatches()).toEqual([]);
  });
});
