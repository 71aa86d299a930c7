import { describe, expect, it } from "vitest";
import { memoryLeases } from "../../../../tests/support/memory-leases";
import { ManualClock } from "../../../../tests/support/manual-clock";
import { LeaseKeeper, LeaseLostError } from "./lease-keeper";

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

  it("aborts its signal the moment the lease is lost, so work in flight can be abandoned", async () => {
    const clock = new ManualClock();
    const leases = memoryLeases(() => clock.now());
    const held = new LeaseKeeper(leases, "h", "me", 30_000, clock);
    await held.acquire();
    await clock.advance(95_000);
    expect(held.signal.aborted).toBe(false);
    await held.release();
    expect(held.signal.aborted).toBe(false); // releasing is not losing

    const taken = new LeaseKeeper({ ...leases, renew: async () => false }, "l", "me", 30_000, clock);
    await taken.acquire();
    await clock.advance(9_999);
    expect(taken.signal.aborted).toBe(false);
    await clock.advance(1);
    expect(taken.signal.aborted).toBe(true);
    expect(taken.signal.reason).toBeInstanceOf(LeaseLostError);
    await taken.release();

    // Renewals that never answer: the signal aborts when the last proven TTL runs out, not later.
    const hanging = new LeaseKeeper({ ...leases, renew: () => new Promise<boolean>(() => {}) }, "m", "me", 30_000, clock);
    await hanging.acquire();
    await clock.advance(29_999);
    expect(hanging.signal.aborted).toBe(false);
    await clock.advance(1);
    expect(hanging.signal.aborted).toBe(true);
    expect(hanging.held()).toBe(false);
  });
});
