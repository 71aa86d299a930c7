import { describe, expect, it } from "vitest";
import { availableAfterOrders, inFlightAt } from "./in-flight";

describe("availableAfterOrders (rule 3.9): warehouse quantity - units in flight, never below 0", () => {
  it.each([
    // warehouse, in flight, published, why
    [10, 0, 10, "no open order: the warehouse number"],
    [10, 2, 8, "2 units ordered in Shopify, not yet imported by Whiplash"],
    [10, 10, 0, "every unit is already sold"],
    [3, 5, 0, "more in flight than the warehouse holds: 0, never negative"],
    [0, 0, 0, "nothing anywhere"],
    [0, 4, 0, "sold out and still ordered: 0"],
    [10, -3, 10, "a negative count is no count: it never raises the number"],
    [-2, 1, 0, "a negative warehouse figure counts as 0"],
    [10, 2.7, 8, "fractions are whole units (truncated)"],
    [10, Number.NaN, 10, "garbage in flight counts as 0"],
  ])("warehouse %d, in flight %d -> %d (%s)", (warehouse, inFlight, expected) => {
    expect(availableAfterOrders(warehouse, inFlight)).toBe(expected);
  });

  it("reads the units at one location from a link's map", () => {
    expect(inFlightAt({ a: 3, b: 1 }, "a")).toBe(3);
    expect(inFlightAt({ a: 3 }, "b")).toBe(0);
    expect(inFlightAt(undefined, "a")).toBe(0);
  });
});
