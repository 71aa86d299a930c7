import { describe, expect, it } from "vitest";
import { memoryLeases } from "../../../../tests/support/memory-leases";
import { ManualClock } from "../../../../tests/support/manual-clock";
import { LeaseKeeper } from "./lease-keeper";

describe("LeaseKeeper", () => {
  it("renews every third of the TTL while held, and releases at the end", async () => {
    const clock = new ManualClock();
    const leases = memoryLeases(() => clock.now());
    const keeper = new LeaseKeeper(leases, "l", "me", 30_000, clock);
    expect(await keeper.acquire()).toBe(true);
    await clock.advance(95_000); // well past one TTL: renewals kept it
    expect(keeper.held()).toBe(true);
    expect(await leases.acquire("l", "other", 30_000)).toBe(false);
    await keeper.release();
    expect(await leases.acquire("l", "other", 30_000)).toBe(true);
  });

  it("reports the lease lost when a renewal finds it taken, and when renewals cannot reach storage", async () => {
    const clock = new ManualClock();
    const leases = memoryLeases(() => clock.now());
    const taken = new LeaseKeeper({ ...leases, renew: async () => false }, "l", "me", 30_000, clock);
    await taken.acquire();
    await clock.advance(10_000);
    expect(taken.held()).toBe(false);

    const unreachable = new LeaseKeeper(
      { ...leases, renew: async () => { throw new Error("database is down"); } },
      "m",
      "me",
      30_000,
      clock,
    );
    await unreachable.acquire();
    await clock.advance(20_000);
    expect(unreachable.held()).toBe(true); // still inside the TTL it last proved
    await clock.advance(10_001);
    expect(unreachable.held()).toBe(false);
    await unreachable.release();
  });
});
