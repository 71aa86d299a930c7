// SKU matching at catalog scale (issue 11): 100,000 variants read through one bulk operation from the
// Shopify simulator over HTTP, matched against 100,000 Whiplash items and saved in chunks, then matched
// again after the catalog changed (SKUs moved, a variant gone, a duplicate). Saving in one long
// interactive transaction timed out (Prisma's 5 s) and rolled back; a single NOT IN over every kept item
// exceeded SQLite's bound-parameter limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifySimulator, type ShopifySim } from "../../simulators/shopify";
import { exchangeToken, TEST_APP } from "../../simulators/shopify/test-support";
import { indexSku } from "../../simulators/shopify/state";
import { createTestDb, type TestDb } from "../support/test-db";
import { backgroundAdminClient } from "../../app/.server/wiring/background-admin-client";
import { BudgetRegistry } from "../../app/.server/shopify/budget-registry";
import { matchShopVariants } from "../../app/.server/catalog/match-skus";
import { readShopVariants } from "../../app/.server/catalog/read-variants";
import type { Logger } from "../../app/.server/logger";

const SHOP = "huge-catalog.myshopify.com";
const N = 100_000;
const sku = (i: number) => `SKU-${String(i).padStart(5, "0")}`; // the simulator's variant SKUs
const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent } as unknown as Logger;

describe("SKU matching with 100,000 variants (bulk operation path)", () => {
  let sim: ShopifySim;
  let db: TestDb;
  beforeAll(async () => {
    sim = await startShopifySimulator({ ...TEST_APP, port: 0, seed: false, bulkOperationDelayMs: 0 });
    db = await createTestDb();
  });
  afterAll(async () => {
    await sim?.close();
    await db?.drop();
  });

  it("links every item, records the issues, and re-matches a changed catalog", { timeout: 240_000 }, async () => {
    sim.createShop(SHOP, { products: 0, webhooks: false });
    sim.addVariants(SHOP, N, { available: 1 });
    const state = sim.shop(SHOP);
    const customer = await db.prisma.customer.create({ data: { whiplashCustomerId: 9100, name: "Huge" } });
    await db.prisma.shop.create({ data: { id: SHOP, customerId: customer.id } });
    // Items SKU-00001..SKU-100000, one per variant, plus one the shop does not sell.
    const skus = [...Array.from({ length: N }, (_, i) => sku(i + 1)), "NOT-IN-SHOPIFY"];
    for (let i = 0; i < skus.length; i += 10_000) {
      await db.prisma.item.createMany({ data: skus.slice(i, i + 10_000).map((s, j) => ({ customerId: customer.id, whiplashItemId: 100_000 + i + j, sku: s })) });
    }
    expect(state.variantList[0].sku).toBe(sku(1)); // the catalog and the items agree on SKUs

    const token = await exchangeToken(sim, SHOP);
    const client = backgroundAdminClient(SHOP, { token: { get: async () => token, invalidate: () => undefined }, baseUrl: sim.url, budgets: new BudgetRegistry() });
    const read = async () => (await readShopVariants(client, { logger: silent, shopId: SHOP, wait: () => new Promise((r) => setImmediate(r)), pollMs: 0 })).variants;

    const first = await readShopVariants(client, { logger: silent, shopId: SHOP, wait: () => new Promise((r) => setImmediate(r)), pollMs: 0 });
    expect(first.strategy).toBe("bulk");
    expect(first.variants).toHaveLength(N);
    const result = await matchShopVariants(db.prisma, client, SHOP, { variants: first.variants });
    expect(result).toMatchObject({ linked: N, issues: 1 });
    expect(result.newlyLinkedItemIds).toHaveLength(N);
    expect(await db.prisma.itemLink.count({ where: { shopId: SHOP } })).toBe(N);
    const sample = await db.prisma.itemLink.findFirst({ where: { shopId: SHOP, item: { sku: sku(77_777) } } });
    expect(sample?.variantId).toBe(`gid://shopify/ProductVariant/${state.variantList[77_776].id}`);
    expect((await db.prisma.matchIssue.findMany({ where: { shopId: SHOP } })).map((i) => [i.sku, i.kind])).toEqual([["NOT-IN-SHOPIFY", "UNMATCHED_SKU"]]);

    // The catalog changes: two variants swap SKUs, one variant takes another's SKU (a duplicate), and
    // the last variant's SKU is cleared (its item is no longer sold here).
    const [a, b, c, d, last] = [state.variantList[9], state.variantList[10], state.variantList[20], state.variantList[21], state.variantList[N - 1]];
    [a.sku, b.sku] = [b.sku, a.sku];
    d.sku = c.sku;
    last.sku = null;
    for (const v of [a, b, d]) indexSku(state, v.sku!, v.id);
    const second = await matchShopVariants(db.prisma, client, SHOP, { variants: await read() });
    // Linked: all but the duplicate SKU's item and the cleared one.
    expect(second.linked).toBe(N - 3);
    expect(second.newlyLinkedItemIds.sort()).toEqual(
      (await db.prisma.item.findMany({ where: { customerId: customer.id, sku: { in: [sku(10), sku(11)] } }, select: { id: true } })).map((i) => i.id).sort(),
    );
    const links = await db.prisma.itemLink.findMany({ where: { shopId: SHOP, item: { sku: { in: [sku(10), sku(11), sku(21), sku(22), sku(N)] } } }, select: { item: { select: { sku: true } }, variantId: true } });
    expect(Object.fromEntries(links.map((l) => [l.item.sku, l.variantId]))).toEqual({
      [sku(10)]: `gid://shopify/ProductVariant/${b.id}`,
      [sku(11)]: `gid://shopify/ProductVariant/${a.id}`,
    });
    expect(await db.prisma.itemLink.count({ where: { shopId: SHOP } })).toBe(N - 3);
    const issues = (await db.prisma.matchIssue.findMany({ where: { shopId: SHOP }, orderBy: { sku: "asc" } })).map((i) => [i.sku, i.kind]);
    expect(issues).toEqual([
      ["NOT-IN-SHOPIFY", "UNMATCHED_SKU"],
      [sku(21), "DUPLICATE_SKU_IN_SHOPIFY"],
      [sku(22), "UNMATCHED_SKU"],
      [sku(N), "UNMATCHED_SKU"],
    ]);
  });
});
