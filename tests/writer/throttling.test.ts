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
    world = await WriterWorld.start({ items: 7500 });
    world.sim.shop(world.shop).bucket.tryCharge(1800); // 200 of 2000 points left; 30 calls need 300
    for (let i = 0; i < 7500; i++) world.setWanted(i, 1 + (i % 13));
    const client = world.client();
    const result = await world.writer({ client });
    expect(result).toMatchObject({ written: 7500, calls: 30 });
    // The simulator enforces the bucket: 30 calls cost 300 points with 200 left, so landing all of them
    // without a single THROTTLED answer means the writer waited for the missing ~100 points. (No wall-clock
    // assertion: on a loaded machine it measures the machine, not the pacing.)
    expect(world.counters().throttled).toBe(0);
    expect(client.stats.throttled).toBe(0);
    expect(world.mismatches()).toEqual([]);
  });

  it("a bucket emptied by another process: THROTTLED is retried after the computed wait", async () => {
    world = await WriterWorld.start({ items: 500 });
    for (let i = 0; i < 500; i++) world.setWanted(i, 3);
    const client = world.client();
    // Empty the bucket just before the run (not before the set-up, which on a loaded machine can take
    // long enough for 100 points/s to refill one 10-point call).
    const bucket = world.sim.shop(world.shop).bucket;
    bucket.tryCharge(bucket.status().currentlyAvailable);
    const result = await world.writer({ client });
    expect(result).toMatchObject({ written: 500, failed: 0 });
    expect(client.stats.throttled).toBeGreaterThanOrEqual(1);
    expect(world.counters().throttled).toBe(client.stats.throttled);
    expect(world.mismatches()).toEqual([]);
  });
});
