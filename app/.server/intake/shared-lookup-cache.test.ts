import { describe, expect, it } from "vitest";
import { SharedLookupCache } from "./shared-lookup-cache";

describe("SharedLookupCache", () => {
  it("concurrent misses of one key share one load (a burst's first webhooks, one customer lookup)", async () => {
    let loads = 0;
    const cache = new SharedLookupCache<number, string | null>(() => 30_000);
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 5));
      return "customer-1";
    };
    const results = await Promise.all(Array.from({ length: 64 }, () => cache.get(42, load)));
    expect(results.every((r) => r === "customer-1")).toBe(true);
    expect(loads).toBe(1);
    expect(await cache.get(42, load)).toBe("customer-1");
    expect(loads).toBe(1);
  });

  it("loads again once the value's time is up; the time may depend on the value", async () => {
    let now = 0;
    let loads = 0;
    const cache = new SharedLookupCache<number, string | null>((v) => (v ? 30_000 : 3_000), () => now);
    const load = async () => (loads++, null);
    await cache.get(7, load);
    now = 2_999;
    await cache.get(7, load);
    expect(loads).toBe(1);
    now = 3_000;
    await cache.get(7, load);
    expect(loads).toBe(2);
  });

  it("a failed load is not kept: the next call tries again", async () => {
    const cache = new SharedLookupCache<number, string>(() => 30_000);
    await expect(cache.get(1, () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
    expect(await cache.get(1, async () => "ok")).toBe("ok");
  });
});
