// The leaky bucket on its own, with a fake clock.
import { describe, expect, it } from "vitest";
import { LeakyBucket, PLAN_LIMITS, PLANS } from "./bucket";
import { fakeClock } from "./test-support";

describe("LeakyBucket", () => {
  it.each(PLANS)("%s: bucket is 20x the restore rate and refills at the restore rate", (plan) => {
    const clock = fakeClock();
    const limits = PLAN_LIMITS[plan];
    expect(limits.maximumAvailable).toBe(20 * limits.restoreRate);
    const bucket = new LeakyBucket(limits, clock.now);
    expect(bucket.tryCharge(limits.maximumAvailable)).toBe(true);
    expect(bucket.status().currentlyAvailable).toBe(0);
    clock.advance(1000);
    expect(bucket.status().currentlyAvailable).toBe(limits.restoreRate);
    clock.advance(60_000);
    expect(bucket.status().currentlyAvailable).toBe(limits.maximumAvailable);
  });

  it("documents the four plans' numbers", () => {
    expect(PLAN_LIMITS).toEqual({
      Standard: { restoreRate: 100, maximumAvailable: 2000 },
      Advanced: { restoreRate: 200, maximumAvailable: 4000 },
      Plus: { restoreRate: 1000, maximumAvailable: 20000 },
      Enterprise: { restoreRate: 2000, maximumAvailable: 40000 },
    });
  });

  it("refuses a charge larger than what is available without charging anything", () => {
    const clock = fakeClock();
    const bucket = new LeakyBucket(PLAN_LIMITS.Standard, clock.now);
    bucket.tryCharge(1950);
    expect(bucket.tryCharge(51)).toBe(false);
    expect(bucket.status().currentlyAvailable).toBe(50);
    clock.advance(10);
    expect(bucket.tryCharge(51)).toBe(true);
  });

  it("refunds up to the top and keeps the fill on a plan change", () => {
    const clock = fakeClock();
    const bucket = new LeakyBucket(PLAN_LIMITS.Standard, clock.now);
    bucket.tryCharge(500);
    bucket.refund(10_000);
    expect(bucket.status().currentlyAvailable).toBe(2000);
    bucket.tryCharge(1000);
    bucket.setLimits(PLAN_LIMITS.Plus);
    expect(bucket.status()).toEqual({ maximumAvailable: 20000, currentlyAvailable: 1000, restoreRate: 1000 });
  });
});
