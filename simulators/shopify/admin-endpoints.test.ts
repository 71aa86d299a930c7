// The /_sim JSON endpoints: state, merchant edits, plans, seeding big stores, reset.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShopifySim } from "./index";
import { adminClient, exchangeToken, startTestSim } from "./test-support";

let sim: ShopifySim;
let shop: string;

const post = (path: string, body: unknown) => fetch(`${sim.url}${path}`, { method: "POST", body: JSON.stringify(body) });

beforeAll(async () => {
  sim = await startTestSim();
  shop = sim.defaultShop!;
});
afterAll(() => sim.close());

describe("/_sim endpoints", () => {
  it("summarises the simulator state", async () => {
    const state = await (await fetch(`${sim.url}/_sim/state`)).json();
    expect(state.defaultShop).toBe(shop);
    expect(state.shops[0]).toMatchObject({
      domain: shop,
      plan: "Standard",
      throttleStatus: { maximumAvailable: 2000, restoreRate: 100 },
      locations: [{ name: "Whiplash Warehouse" }, { name: "Shop location" }],
      savedSearches: [{ name: "Hoodies" }, { name: "Low stock" }, { name: "Clearance" }],
      products: 40,
    });
  });

  it("lists inventory levels and lets a merchant set a quantity, recorded as a merchant change", async () => {
    const levels = await (await fetch(`${sim.url}/_sim/shops/${shop}/inventory?limit=3`)).json();
    expect(levels.total).toBeGreaterThan(40);
    expect(levels.rows).toHaveLength(3);
    expect(levels.rows[0]).toMatchObject({ sku: "SKU-00001", locationId: expect.stringMatching(/Location/), available: expect.any(Number), onHand: expect.any(Number) });
    const set = await (await post(`/_sim/shops/${shop}/inventory`, { inventoryItemId: levels.rows[0].inventoryItemId, quantity: 9 })).json();
    expect(set).toMatchObject({ available: 9, webhook: null });
    const history = await (await fetch(`${sim.url}/_sim/shops/${shop}/history?inventoryItemId=${encodeURIComponent(levels.rows[0].inventoryItemId)}`)).json();
    expect(history.history.at(-1)).toMatchObject({ source: "merchant", caller: { type: "merchant" }, availableAfter: 9 });
    expect((await post(`/_sim/shops/${shop}/inventory`, { sku: "NOPE", quantity: 1 })).status).toBe(404);
  });

  it("switches plans and seeds extra variants", async () => {
    await post("/_sim/plan", { shop, plan: "Plus" });
    expect(sim.shop().bucket.status()).toMatchObject({ maximumAvailable: 20000, restoreRate: 1000 });
    expect((await post("/_sim/plan", { shop, plan: "Gold" })).status).toBe(400);
    const added = await (await post(`/_sim/shops/${shop}/variants`, { count: 5, available: 3 })).json();
    expect(added.inventoryItemIds).toHaveLength(5);
    const created = await post("/_sim/shops", { shop: "another.myshopify.com", products: 2 });
    expect(created.status).toBe(201);
    expect(sim.state.shops.get("another.myshopify.com")?.products.size).toBe(2);
  });

  it("resets to the seed, keeping issued tokens so a running app stays signed in", async () => {
    const token = await exchangeToken(sim, shop);
    const gql = adminClient(sim, shop, token);
    const before = (await gql('{ productVariants(first: 1, query: "sku:SKU-00002") { nodes { inventoryQuantity } } }')).body.data;
    await post(`/_sim/shops/${shop}/inventory`, { sku: "SKU-00002", quantity: 999 });
    sim.addFault({ kind: "status", status: 500, times: 5, route: "token" });
    expect((await post("/_sim/reset", {})).status).toBe(200);
    const after = (await gql('{ productVariants(first: 1, query: "sku:SKU-00002") { nodes { inventoryQuantity } } }')).body.data;
    expect(after).toEqual(before);
    expect(sim.shop().plan).toBe("Standard");
    expect(sim.state.shops.has("another.myshopify.com")).toBe(false);
    expect(sim.state.tokenExchanges.length).toBeGreaterThan(0);
    expect((await fetch(`${sim.url}/_sim/faults`).then((r) => r.json())).faults).toEqual([]);
    await post("/_sim/reset", { tokens: true });
    expect((await gql("{ shop { name } }")).status).toBe(401);
  });

  it("uninstalls: tokens stop working and app/uninstalled is sent", async () => {
    const token = await exchangeToken(sim, shop);
    const res = await (await post(`/_sim/shops/${shop}/uninstall`, {})).json();
    expect(res.webhook).toMatchObject({ topic: "app/uninstalled", shop });
    expect((await adminClient(sim, shop, token)("{ shop { name } }")).status).toBe(401);
    // Reinstalling through token exchange works again.
    const again = await exchangeToken(sim, shop);
    expect((await adminClient(sim, shop, again)("{ shop { name } }")).status).toBe(200);
  });

  it("answers unknown endpoints and shops with 404 JSON", async () => {
    expect((await fetch(`${sim.url}/_sim/nothing`)).status).toBe(404);
    expect((await fetch(`${sim.url}/_sim/shops/nope.myshopify.com/inventory`)).status).toBe(404);
  });
});
