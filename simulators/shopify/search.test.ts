// Search syntax, saved searches and paging over real HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ShopifySim } from "./index";
import { compileSearch, textMatch, exactMatch, numberMatch } from "./search-query";
import { simWithClient, type GqlResponse } from "./test-support";

let sim: ShopifySim;
let gql: (q: string, v?: Record<string, unknown>) => Promise<GqlResponse>;

beforeAll(async () => {
  ({ sim, gql } = await simWithClient({ seed: { products: 300 } }));
});
afterAll(() => sim.close());
beforeEach(() => sim.shop().bucket.fill());

describe("search syntax", () => {
  type Item = { title: string; sku: string; qty: number; tags: string[] };
  const spec = {
    fields: {
      title: (i: Item, _op: string, v: string) => textMatch(i.title, v),
      sku: (i: Item, _op: string, v: string) => exactMatch(i.sku, v),
      qty: (i: Item, op: ":" | ">" | ">=" | "<" | "<=", v: string) => numberMatch(i.qty, op, v),
      tag: (i: Item, _op: string, v: string) => i.tags.some((t) => exactMatch(t, v)),
    },
    freeText: (i: Item, text: string) => textMatch(i.title, text),
  };
  const items: Item[] = [
    { title: "Black Hoodie", sku: "SKU-1", qty: 3, tags: ["winter"] },
    { title: "White Tee", sku: "SKU-2", qty: 30, tags: ["summer", "sale"] },
    { title: "Green Hoodie", sku: "ABC-3", qty: 0, tags: [] },
  ];
  const run = (q: string) => items.filter(compileSearch(q, spec)!).map((i) => i.sku);

  it("handles fields, free text, AND/OR/NOT, negation, comparators, quotes, lists and wildcards", () => {
    expect(run("title:hoodie")).toEqual(["SKU-1", "ABC-3"]);
    expect(run("hoodie black")).toEqual(["SKU-1"]);
    expect(run("hoodie OR tee")).toEqual(["SKU-1", "SKU-2", "ABC-3"]);
    expect(run("hoodie AND NOT black")).toEqual(["ABC-3"]);
    expect(run("hoodie -tag:winter")).toEqual(["ABC-3"]);
    expect(run("qty:<5")).toEqual(["SKU-1", "ABC-3"]);
    expect(run("qty:>=30")).toEqual(["SKU-2"]);
    expect(run('title:"white tee"')).toEqual(["SKU-2"]);
    expect(run("sku:SKU-1,ABC-3")).toEqual(["SKU-1", "ABC-3"]);
    expect(run("sku:SKU*")).toEqual(["SKU-1", "SKU-2"]);
    expect(run("(tag:sale OR tag:winter) qty:>1")).toEqual(["SKU-1", "SKU-2"]);
    expect(run("unknown_field:x")).toEqual(["SKU-1", "SKU-2", "ABC-3"]);
    expect(compileSearch("  ", spec)).toBeNull();
  });
});

describe("products and variants queries", () => {
  it("filters products by sku, title, tag and status", async () => {
    const res = await gql(`{
      bySku: productVariants(first: 5, query: "sku:SKU-00007") { nodes { sku product { id } } }
      hoodies: productsCount(query: "title:Hoodie") { count }
      tagged: products(first: 250, query: "tag:clearance") { nodes { tags } }
      drafts: products(first: 50, query: "status:draft") { nodes { status } }
    }`);
    expect(res.body.errors).toBeUndefined();
    const { bySku, hoodies, tagged, drafts } = res.body.data;
    expect(bySku.nodes).toEqual([{ sku: "SKU-00007", product: { id: expect.stringMatching(/^gid:\/\/shopify\/Product\//) } }]);
    expect(hoodies.count).toBe(sim.shop().productList.filter((p) => /hoodie/i.test(p.title)).length);
    expect(hoodies.count).toBeGreaterThan(0);
    expect(tagged.nodes.length).toBeGreaterThan(0);
    expect(tagged.nodes.every((p: { tags: string[] }) => p.tags.includes("clearance"))).toBe(true);
    expect(drafts.nodes.every((p: { status: string }) => p.status === "DRAFT")).toBe(true);
  });

  it("lists saved searches and applies one through savedSearchId", async () => {
    const searches = (await gql("{ productSavedSearches(first: 10) { nodes { id name query resourceType filters { key value } } } }")).body.data.productSavedSearches.nodes;
    expect(searches.map((s: { name: string }) => s.name)).toEqual(["Hoodies", "Low stock", "Clearance"]);
    expect(searches[0]).toMatchObject({ query: "title:Hoodie", resourceType: "PRODUCT", filters: [{ key: "title", value: "Hoodie" }] });

    const hoodies = (await gql("query($id: ID) { products(first: 250, savedSearchId: $id) { nodes { title } } }", { id: searches[0].id })).body.data.products.nodes;
    expect(hoodies.length).toBe(sim.shop().productList.filter((p) => /hoodie/i.test(p.title)).length);
    expect(hoodies.every((p: { title: string }) => p.title.includes("Hoodie"))).toBe(true);

    const low = (await gql("query($id: ID) { products(first: 250, savedSearchId: $id) { nodes { totalInventory } } }", { id: searches[1].id })).body.data.products.nodes;
    expect(low.length).toBeGreaterThan(0);
    expect(low.every((p: { totalInventory: number }) => p.totalInventory < 10)).toBe(true);

    const count = (await gql("query($id: ID) { productsCount(savedSearchId: $id) { count } }", { id: searches[0].id })).body.data.productsCount.count;
    expect(count).toBe(hoodies.length);

    const missing = await gql('{ products(first: 1, savedSearchId: "gid://shopify/SavedSearch/1") { nodes { id } } }');
    expect(missing.body.errors[0].message).toMatch(/Saved search not found/);
  });

  it("pages with cursors forwards and backwards, in both orders", async () => {
    const all = (await gql("{ products(first: 250) { nodes { id } } }")).body.data.products.nodes.map((n: { id: string }) => n.id);
    const page1 = (await gql("{ products(first: 100) { nodes { id } pageInfo { hasNextPage hasPreviousPage endCursor } } }")).body.data.products;
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const page2 = (await gql("query($after: String) { products(first: 100, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage } } }", { after: page1.pageInfo.endCursor })).body.data.products;
    expect(page2.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(all.slice(100, 200));
    expect(page2.pageInfo.hasPreviousPage).toBe(true);
    const back = (await gql("query($before: String) { products(last: 3, before: $before) { nodes { id } } }", { before: page2.edges[0].cursor })).body.data.products.nodes;
    expect(back.map((n: { id: string }) => n.id)).toEqual(all.slice(97, 100));
    const reversed = (await gql("{ products(first: 3, reverse: true) { nodes { id } pageInfo { endCursor } } }")).body.data.products;
    const total = sim.shop().productList.length;
    const lastIds = sim.shop().productList.slice(total - 6).map((p) => `gid://shopify/Product/${p.id}`).reverse();
    expect(reversed.nodes.map((n: { id: string }) => n.id)).toEqual(lastIds.slice(0, 3));
    const next = (await gql("query($after: String) { products(first: 3, reverse: true, after: $after) { nodes { id } } }", { after: reversed.pageInfo.endCursor })).body.data.products.nodes;
    expect(next.map((n: { id: string }) => n.id)).toEqual(lastIds.slice(3, 6));
  });

  it("sorts by TITLE and SKU with stable cursors", async () => {
    const titles = (await gql("{ products(first: 20, sortKey: TITLE) { nodes { title } } }")).body.data.products.nodes.map((n: { title: string }) => n.title.toLowerCase());
    expect(titles).toEqual([...titles].sort());
    const skus = (await gql("{ productVariants(first: 5, sortKey: SKU, reverse: true) { nodes { sku } } }")).body.data.productVariants.nodes.map((n: { sku: string }) => n.sku);
    expect(skus).toEqual([...skus].sort().reverse());
  });

  it("requires first or last and caps pages at 250, as Shopify does", async () => {
    const missing = await gql("{ products { nodes { id } } }");
    expect(missing.body.data).toBeNull();
    expect(missing.body.errors[0]).toMatchObject({ message: "you must provide one of first or last", path: ["products"], extensions: { code: "BAD_REQUEST" } });
    const big = await gql("{ locations(first: 251) { nodes { id } } }");
    expect(big.body.errors[0].message).toMatch(/invalid value \(251\)/);
  });

  it("reads inventory items by sku and levels with quantities, and resolves nodes", async () => {
    const item = (await gql(`{ inventoryItems(first: 1, query: "sku:SKU-00001") { nodes { id sku tracked variant { sku }
      inventoryLevels(first: 5) { nodes { id location { name } quantities(names: ["available", "on_hand", "committed", "incoming"]) { name quantity } } } } } }`)).body.data.inventoryItems.nodes[0];
    expect(item).toMatchObject({ sku: "SKU-00001", tracked: true, variant: { sku: "SKU-00001" } });
    expect(item.inventoryLevels.nodes[0].location.name).toBe("Whiplash Warehouse");
    expect(item.inventoryLevels.nodes[0].quantities.map((q: { name: string }) => q.name)).toEqual(["available", "on_hand", "committed", "incoming"]);
    const levelId = item.inventoryLevels.nodes[0].id;
    expect(levelId).toMatch(/^gid:\/\/shopify\/InventoryLevel\/\d+\?inventory_item_id=\d+$/);
    const nodes = (await gql("query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }", { ids: [item.id, levelId, "gid://shopify/Product/1"] })).body.data.nodes;
    expect(nodes).toEqual([{ __typename: "InventoryItem", id: item.id }, { __typename: "InventoryLevel", id: levelId }, null]);
    const bad = await gql('{ product(id: "42") { id } }');
    expect(bad.body.errors[0].message).toBe("Invalid global id '42'");
  });

  it("reports untracked items so the app can skip them", async () => {
    const count = (await gql('{ productVariantsCount(query: "sku:SKU-00040") { count } }')).body.data.productVariantsCount.count;
    expect(count).toBe(1);
    const untracked = sim.shop().variantList.filter((v) => !v.tracked);
    expect(untracked.length).toBeGreaterThan(0);
    const res = await gql(`query($id: ID!) { inventoryItem(id: $id) { tracked } }`, { id: `gid://shopify/InventoryItem/${untracked[0].inventoryItemId}` });
    expect(res.body.data.inventoryItem.tracked).toBe(false);
  });
});
