// Bulk queries: asynchronous run, status polling and Shopify's JSONL format.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShopifySim } from "./index";
import { simWithClient, type GqlResponse } from "./test-support";

let sim: ShopifySim;
let gql: (q: string, v?: Record<string, unknown>) => Promise<GqlResponse>;

const RUN = `mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id status } userErrors { code field message } } }`;
const POLL = `query($id: ID!) { node(id: $id) { ... on BulkOperation { id status url objectCount rootObjectCount fileSize errorCode completedAt } } }`;

async function runToCompletion(query: string) {
  const started = await gql(RUN, { q: query });
  const op = started.body.data.bulkOperationRunQuery;
  expect(op.userErrors).toEqual([]);
  expect(op.bulkOperation.status).toBe("CREATED");
  // Poll like a client would; the operation runs on the simulator's event loop.
  for (let i = 0; i < 500; i++) {
    const polled = (await gql(POLL, { id: op.bulkOperation.id })).body.data.node;
    if (polled.status === "COMPLETED" || polled.status === "FAILED") return polled;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("bulk operation did not finish");
}

async function lines(url: string) {
  const text = await (await fetch(url)).text();
  return text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

beforeAll(async () => {
  ({ sim, gql } = await simWithClient({ seed: { products: 30 } }));
});
afterAll(() => sim.close());

describe("bulkOperationRunQuery", () => {
  it("writes nested connection nodes as separate lines with __parentId", async () => {
    const done = await runToCompletion(`{
      products { edges { node { id title variants { edges { node { id sku inventoryItem { id tracked } } } } } } }
    }`);
    expect(done).toMatchObject({ status: "COMPLETED", errorCode: null, url: expect.stringContaining("/_sim/bulk/") });
    const rows = await lines(done.url);
    const products = rows.filter((r) => String(r.id).includes("/Product/"));
    const variants = rows.filter((r) => String(r.id).includes("/ProductVariant/"));
    expect(products).toHaveLength(30);
    expect(variants).toHaveLength(sim.shop().variantList.length);
    expect(products[0]).toEqual({ id: expect.any(String), title: expect.any(String) });
    expect(variants[0]).toEqual({
      id: expect.any(String),
      sku: "SKU-00001",
      inventoryItem: { id: expect.stringMatching(/InventoryItem/), tracked: true },
      __parentId: products[0].id,
    });
    // Children follow their parent.
    expect(rows.indexOf(variants[0])).toBeGreaterThan(rows.indexOf(products[0]));
    expect(done.objectCount).toBe(String(rows.length));
    expect(done.rootObjectCount).toBe("30");
    expect(Number(done.fileSize)).toBeGreaterThan(0);
    const current = (await gql("{ currentBulkOperation { id status } }")).body.data.currentBulkOperation;
    expect(current.status).toBe("COMPLETED");
  });

  it("reads the whole root connection page by page (thousands of objects)", async () => {
    sim.addVariants(sim.defaultShop!, 2500);
    const done = await runToCompletion("{ productVariants { nodes { id sku } } }");
    const rows = await lines(done.url);
    expect(rows).toHaveLength(sim.shop().variantList.length);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });

  it("rejects queries Shopify would refuse, with userErrors", async () => {
    const invalid = (await gql(RUN, { q: "{ shop { name } }" })).body.data.bulkOperationRunQuery;
    expect(invalid).toEqual({ bulkOperation: null, userErrors: [{ code: "INVALID", field: ["query"], message: "Bulk queries must contain at least one connection." }] });
    const bad = (await gql(RUN, { q: "{ products { nodes { nope } } }" })).body.data.bulkOperationRunQuery;
    expect(bad.userErrors[0].message).toMatch(/Invalid bulk query/);
    const deep = (await gql(RUN, { q: "{ products { nodes { variants { nodes { inventoryItem { inventoryLevels { nodes { id } } } } } } } }" })).body.data.bulkOperationRunQuery;
    expect(deep.userErrors[0].message).toMatch(/nesting depth/);
  });
});
