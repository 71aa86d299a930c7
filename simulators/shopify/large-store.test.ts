// Benchmarks write 400,000 inventory items: seeding, writing and paging must stay fast at that size.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShopifySim } from "./index";
import { adminClient, exchangeToken, startTestSim, type GqlResponse } from "./test-support";

let sim: ShopifySim;
let gql: (q: string, v?: Record<string, unknown>) => Promise<GqlResponse>;
const SHOP = "big-store.myshopify.com";
let ids: string[];
let seedMs: number;

beforeAll(async () => {
  sim = await startTestSim({ seed: false, plan: "Enterprise" });
  sim.createShop(SHOP, { products: 0 });
  // CPU time, not wall time: the machine may be busy with other work.
  const started = process.cpuUsage();
  ids = sim.addVariants(SHOP, 400_000);
  const used = process.cpuUsage(started);
  seedMs = (used.user + used.system) / 1000;
  gql = adminClient(sim, SHOP, await exchangeToken(sim, SHOP));
}, 60_000);
afterAll(() => sim.close());

describe("a 400,000-item store", () => {
  it("is seeded in a few seconds with unique SKUs", () => {
    expect(ids).toHaveLength(400_000);
    expect(new Set(ids).size).toBe(400_000);
    expect(sim.shop(SHOP).skuIndex.size).toBe(400_000);
    expect(seedMs).toBeLessThan(10_000);
  });

  it("takes 250-quantity writes anywhere in the catalog and pages from the end quickly", async () => {
    const location = `gid://shopify/Location/${[...sim.shop(SHOP).locations.keys()][0]}`;
    const started = process.cpuUsage();
    for (let batch = 0; batch < 8; batch++) {
      const quantities = ids.slice(399_000 - batch * 250, 399_250 - batch * 250).map((id) => ({ inventoryItemId: id, locationId: location, quantity: 7, changeFromQuantity: null }));
      const res = await gql(
        `mutation($input: InventorySetQuantitiesInput!, $key: String!) { inventorySetQuantities(input: $input) @idempotent(key: $key) { userErrors { code } } }`,
        { key: `big-${batch}`, input: { name: "available", reason: "correction", quantities } },
      );
      expect(res.body.data.inventorySetQuantities.userErrors).toEqual([]);
    }
    // Client and server share this process; an O(catalog) step per call would cost far more than this.
    const used = process.cpuUsage(started);
    expect((used.user + used.system) / 1000 / 8).toBeLessThan(100);
    expect(sim.inventoryLevels(SHOP, { sku: sim.shop(SHOP).inventoryItems.get(Number(ids[399_000].split("/").pop()))!.sku! })[0].available).toBe(7);

    const page = await gql(`query($after: String) { inventoryItems(first: 250, after: $after) { nodes { id } pageInfo { hasNextPage } } }`, {
      after: Buffer.from(JSON.stringify({ last_id: Number(ids[399_700].split("/").pop()), last_value: "x" })).toString("base64"),
    });
    expect(page.body.data.inventoryItems.nodes).toHaveLength(250);
    expect(page.body.data.inventoryItems.pageInfo.hasNextPage).toBe(true);
  });
});
