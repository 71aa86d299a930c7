// Cost and throttling over real HTTP, with a fake clock for the bucket (no sleeps).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PLAN_LIMITS, PLANS } from "./bucket";
import type { ShopifySim } from "./index";
import { simWithClient, fakeClock, type GqlResponse } from "./test-support";

const clock = fakeClock();
let sim: ShopifySim;
let shop: string;
let gql: (q: string, v?: Record<string, unknown>) => Promise<GqlResponse>;
let itemId: string;
let locationId: string;
let keySeq = 0;

const SET = `mutation Set($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) { userErrors { code } }
}`;

function setOne(quantity: number) {
  return gql(SET, {
    key: `throttle-${++keySeq}`,
    input: { name: "available", reason: "correction", quantities: [{ inventoryItemId: itemId, locationId, quantity, changeFromQuantity: null }] },
  });
}

beforeAll(async () => {
  ({ sim, shop, gql } = await simWithClient({ now: clock.now }));
  const variant = sim.shop().variantList[0];
  itemId = `gid://shopify/InventoryItem/${variant.inventoryItemId}`;
  locationId = `gid://shopify/Location/${variant.levels[0].locationId}`;
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.setPlan(shop, "Standard");
  sim.setCostModel({ mutationCost: 10 });
  sim.shop().bucket.fill();
});

describe("extensions.cost", () => {
  it("is on every response, with the plan's throttle status", async () => {
    const res = await gql("{ shop { name } }");
    expect(res.body.extensions.cost).toEqual({
      requestedQueryCost: 1,
      actualQueryCost: 1,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 },
    });
  });

  it("charges the requested cost and refunds what was not returned", async () => {
    // 40 seeded products: 2 + 100 requested, 2 + 40 returned.
    const res = await gql("{ products(first: 100) { nodes { id } } }");
    expect(res.body.extensions.cost).toMatchObject({ requestedQueryCost: 102, actualQueryCost: 42 });
    expect(res.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(2000 - 42);
  });

  it("charges a mutation 10 points, plus the optional per-quantity term", async () => {
    expect((await setOne(5)).body.extensions.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10 });
    sim.setCostModel({ inventorySetQuantitiesPerQuantity: 0.5 });
    try {
      expect((await setOne(6)).body.extensions.cost).toMatchObject({ requestedQueryCost: 11, actualQueryCost: 11 });
    } finally {
      sim.setCostModel({ inventorySetQuantitiesPerQuantity: 0 });
    }
  });
});

describe("THROTTLED", () => {
  it("answers HTTP 200 with Shopify's THROTTLED body and no data when the bucket cannot pay", async () => {
    sim.setCostModel({ mutationCost: 400 });
    for (let i = 0; i < 5; i++) expect((await setOne(i)).body.data).toBeDefined();
    const before = sim.state.totals.throttled;
    const res = await setOne(99);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
      extensions: {
        cost: { requestedQueryCost: 400, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 } },
      },
    });
    expect(res.body.data).toBeUndefined();
    expect(sim.state.totals.throttled).toBe(before + 1);
    expect(sim.shop().counters.throttled).toBeGreaterThan(0);
    // The throttled call was not applied.
    expect(sim.shop().inventoryItems.get(Number(itemId.split("/").pop()))!.levels[0].available).toBe(4);
  });

  it("restores at the plan's rate: exactly when (cost - available) / restoreRate has passed", async () => {
    sim.setCostModel({ mutationCost: 400 });
    for (let i = 0; i < 5; i++) await setOne(i);
    clock.advance(3999);
    expect((await setOne(1)).body.errors?.[0].extensions.code).toBe("THROTTLED");
    clock.advance(1);
    const ok = await setOne(2);
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(0);
  });

  it.each(PLANS)("%s plan: reports its bucket and restore rate and refills at that rate", async (plan) => {
    sim.setPlan(shop, plan);
    sim.shop().bucket.fill();
    const { maximumAvailable, restoreRate } = PLAN_LIMITS[plan];
    // A single call may not cost more than 1000 points, so bigger buckets take more calls to drain.
    const cost = Math.min(1000, maximumAvailable / 4);
    sim.setCostModel({ mutationCost: cost });
    for (let i = 0; i < maximumAvailable / cost; i++) expect((await setOne(i)).body.errors).toBeUndefined();
    const throttled = await setOne(9);
    expect(throttled.body.extensions.cost.throttleStatus).toEqual({ maximumAvailable, currentlyAvailable: 0, restoreRate });
    clock.advance(1000);
    const status = (await gql("{ shop { id } }")).body.extensions.cost.throttleStatus;
    expect(status.currentlyAvailable).toBe(restoreRate - 1);
  });
});

describe("single query limit", () => {
  it("refuses a query above 1000 requested points with MAX_COST_EXCEEDED and charges nothing", async () => {
    // 2 + 250 * (1 product + 2 + 3 variants) = 1502
    const res = await gql("{ products(first: 250) { nodes { id variants(first: 3) { nodes { id } } } } }");
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors[0]).toMatchObject({
      message: expect.stringMatching(/^Query cost is 1502, which exceeds the single query max cost limit \(1000\)\./),
      extensions: { code: "MAX_COST_EXCEEDED", cost: 1502, maxCost: 1000 },
    });
    expect(res.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(2000);
  });

  it("runs a query of exactly 1000 points", async () => {
    // 2 + 166 * 6 = 998; with a 1-point shop field = 999
    const res = await gql("{ shop { id } products(first: 166) { nodes { id variants(first: 3) { nodes { id } } } } }");
    expect(res.body.extensions.cost.requestedQueryCost).toBe(999);
    expect(res.body.errors).toBeUndefined();
  });
});
