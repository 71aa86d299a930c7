// SKU matching for large catalogs: above the threshold the shop's variants are read with one bulk
// operation (JSONL) against the Shopify simulator over HTTP, and matching gives exactly what the paged
// read gives (same links, same duplicate and unmatched SKU issues). When Shopify refuses the bulk
// query (the shop's bulk slots are taken, e.g. by reconciliations), matching pages instead and says so.
// No sleeps: the simulator runs bulk operations with no delay and the poll wait is a setImmediate.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifySimulator, type ShopifySim } from "../../simulators/shopify";
import { exchangeToken, TEST_APP } from "../../simulators/shopify/test-support";
import { indexSku } from "../../simulators/shopify/state";
import { createTestDb, type TestDb } from "../support/test-db";
import { backgroundAdminClient } from "../../app/.server/wiring/background-admin-client";
import { BudgetRegistry } from "../../app/.server/shopify/budget-registry";
import { BULK_OPERATION_RUN_QUERY_MUTATION, type BulkOperationRunQueryData } from "../../app/.server/shopify/operations/bulk-operations";
import { RECONCILE_LEVELS_BULK_QUERY } from "../../app/.server/shopify/operations/reconcile-levels";
import { matchShopVariants, type AdminGraphql } from "../../app/.server/catalog/match-skus";
import { readShopVariants, type ReadShopVariantsOptions } from "../../app/.server/catalog/read-variants";
import type { Logger } from "../../app/.server/logger";

const SHOP = "big-catalog.myshopify.com";
const VARIANTS = 60;
/** The catalog (60 variants) is above this, so it is "large". */
const THRESHOLD = 40;

interface Recorded {
  client: AdminGraphql;
  operations: string[];
}

/** The throttled client against the simulator, recording the name of every operation it sends. */
async function recordingClient(sim: ShopifySim, shop: string): Promise<Recorded> {
  const token = await exchangeToken(sim, shop);
  const inner = backgroundAdminClient(shop, { token: { get: async () => token, invalidate: () => undefined }, baseUrl: sim.url, budgets: new BudgetRegistry() });
  const operations: string[] = [];
  return {
    operations,
    client: {
      request: (document, options) => {
        operations.push(/\b(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? "?");
        return inner.request(document, options);
      },
    },
  };
}

function captureLogger() {
  const lines: { level: string; message: string; context?: Record<string, unknown> }[] = [];
  const log = (level: string) => (message: string, context?: Record<string, unknown>) => void lines.push({ level, message, context });
  const logger = { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") } as unknown as Logger;
  return { logger, lines };
}

const nextTick: NonNullable<ReadShopVariantsOptions["wait"]> = () => new Promise((resolve) => setImmediate(resolve));

/**
 * 60 variants SKU-00001..SKU-00060, except that variant 6 gets SKU-00005 (a duplicate SKU in Shopify).
 * Items: SKU-00001..SKU-00050 (SKU-00006 is then nobody's), plus NOT-IN-SHOPIFY (unmatched).
 */
async function seedCatalog(sim: ShopifySim, db: TestDb, shop: string, whiplashCustomerId: number) {
  sim.createShop(shop, { products: 0, webhooks: false });
  sim.addVariants(shop, VARIANTS, { available: 3 });
  const state = sim.shop(shop);
  const dup = state.variantList[5];
  dup.sku = state.variantList[4].sku;
  indexSku(state, dup.sku!, dup.id);
  const customer = await db.prisma.customer.create({ data: { whiplashCustomerId, name: "Big" } });
  await db.prisma.shop.create({ data: { id: shop, customerId: customer.id } });
  const skus = [...Array.from({ length: 50 }, (_, i) => `SKU-${String(i + 1).padStart(5, "0")}`).filter((s) => s !== "SKU-00006"), "NOT-IN-SHOPIFY"];
  await db.prisma.item.createMany({ data: skus.map((sku, i) => ({ customerId: customer.id, whiplashItemId: 1000 + i, sku })) });
  return customer.id;
}

/** Links and issues as stored, keyed by SKU (item ids differ between customers). */
async function stored(db: TestDb, shop: string) {
  const links = await db.prisma.itemLink.findMany({
    where: { shopId: shop },
    select: { item: { select: { sku: true } }, productId: true, variantId: true, inventoryItemId: true, productTitle: true, variantTitle: true, tracked: true },
  });
  const items = await db.prisma.item.findMany({ where: { customer: { shops: { some: { id: shop } } } }, select: { id: true, sku: true } });
  const skuOf = new Map(items.map((i) => [i.id, i.sku]));
  const issues = await db.prisma.matchIssue.findMany({ where: { shopId: shop }, select: { sku: true, kind: true, detail: true } });
  return {
    links: links.map(({ item, ...l }) => ({ sku: item.sku, ...l })).sort((a, b) => a.sku.localeCompare(b.sku)),
    issues: issues
      .map((i) => {
        const detail = JSON.parse(i.detail) as { itemIds?: string[]; variantIds?: string[] };
        return { sku: i.sku, kind: i.kind, itemSkus: (detail.itemIds ?? []).map((id) => skuOf.get(id)), variantIds: detail.variantIds ?? [] };
      })
      .sort((a, b) => `${a.sku}${a.kind}`.localeCompare(`${b.sku}${b.kind}`)),
  };
}

describe("SKU matching reads a large catalog with a bulk operation", () => {
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

  it("matches through one bulk operation, with the same links and issues as the paged read", async () => {
    await seedCatalog(sim, db, SHOP, 71);
    const { client, operations } = await recordingClient(sim, SHOP);
    const { logger, lines } = captureLogger();

    // Paged (the catalog is under a 10,000 threshold): the reference result.
    const paged = await readShopVariants(client, { logger, shopId: SHOP });
    expect(paged.strategy).toBe("paged");
    expect(paged.variants).toHaveLength(VARIANTS);
    await matchShopVariants(db.prisma, client, SHOP, { variants: paged.variants });
    const reference = await stored(db, SHOP);
    expect(sim.shop(SHOP).bulkOperations).toHaveLength(0);

    // Clear what matching stored, then match again through a bulk operation.
    await db.prisma.itemLink.deleteMany({ where: { shopId: SHOP } });
    await db.prisma.matchIssue.deleteMany({ where: { shopId: SHOP } });
    operations.length = 0;
    const bulk = await readShopVariants(client, { logger, shopId: SHOP, bulkThreshold: THRESHOLD, wait: nextTick, pollMs: 0 });
    expect(bulk.strategy).toBe("bulk");
    expect(bulk.counted).toEqual({ count: THRESHOLD, atLeast: true });
    expect(bulk.variants).toEqual(paged.variants);
    const result = await matchShopVariants(db.prisma, client, SHOP, { variants: bulk.variants });

    // The simulator ran exactly one bulk query, ours, and no page of variants was read.
    const ops = sim.shop(SHOP).bulkOperations;
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({ status: "COMPLETED", rootObjectCount: VARIANTS });
    expect(ops[0].query).toContain("VariantsForMatchingBulk");
    expect(operations).not.toContain("VariantsForMatching");
    expect(operations.filter((o) => o === "BulkOperationRunQuery")).toHaveLength(1);
    expect(lines.some((l) => l.level === "info" && /bulk operation/.test(l.message))).toBe(true);

    // Same outcome as the paged path, and the expected one: 48 links, one duplicate, one unmatched.
    const viaBulk = await stored(db, SHOP);
    expect(viaBulk).toEqual(reference);
    expect(result).toMatchObject({ linked: 48, issues: 2 });
    const dupVariants = sim.shop(SHOP).variantList.slice(4, 6).map((v) => `gid://shopify/ProductVariant/${v.id}`);
    expect(viaBulk.issues).toEqual([
      { sku: "NOT-IN-SHOPIFY", kind: "UNMATCHED_SKU", itemSkus: ["NOT-IN-SHOPIFY"], variantIds: [] },
      { sku: "SKU-00005", kind: "DUPLICATE_SKU_IN_SHOPIFY", itemSkus: ["SKU-00005"], variantIds: dupVariants },
    ]);
    expect(viaBulk.links.map((l) => l.sku)).not.toContain("SKU-00005");
  });
});

describe("SKU matching when Shopify will not start another bulk query", () => {
  let sim: ShopifySim;
  let db: TestDb;
  beforeAll(async () => {
    // Bulk operations stay RUNNING for an hour (the simulator clears its timers on close).
    sim = await startShopifySimulator({ ...TEST_APP, port: 0, seed: false, bulkOperationDelayMs: 3_600_000 });
    db = await createTestDb();
  });
  afterAll(async () => {
    await sim?.close();
    await db?.drop();
  });

  it("falls back to the paged read, logs why, and matches the same way", async () => {
    await seedCatalog(sim, db, SHOP, 72);
    const { client, operations } = await recordingClient(sim, SHOP);
    // The shop's bulk query slots are taken (as by reconciliations still running).
    let refusal: BulkOperationRunQueryData["bulkOperationRunQuery"] = null;
    for (let i = 0; i < 6 && !refusal?.userErrors.length; i++) {
      const { data } = await client.request<BulkOperationRunQueryData>(BULK_OPERATION_RUN_QUERY_MUTATION, { variables: { query: RECONCILE_LEVELS_BULK_QUERY } });
      refusal = data.bulkOperationRunQuery;
    }
    expect(refusal?.userErrors.length).toBeGreaterThan(0);
    const running = sim.shop(SHOP).bulkOperations.length;
    operations.length = 0;

    const { logger, lines } = captureLogger();
    const read = await readShopVariants(client, { logger, shopId: SHOP, bulkThreshold: THRESHOLD, wait: nextTick, pollMs: 0 });
    expect(read.strategy).toBe("paged-fallback");
    expect(read.fallbackReason).toMatch(/bulkOperationRunQuery refused/);
    expect(read.variants).toHaveLength(VARIANTS);
    expect(operations[0]).toBe("VariantsForMatchingCount");
    expect(operations).toContain("BulkOperationRunQuery");
    expect(operations).toContain("VariantsForMatching");
    expect(sim.shop(SHOP).bulkOperations).toHaveLength(running); // nothing new started
    const warn = lines.find((l) => l.level === "warn");
    expect(warn?.message).toMatch(/falling back to paged read/);
    expect(warn?.context).toMatchObject({ shop: SHOP, reason: expect.stringMatching(/refused/) });

    const result = await matchShopVariants(db.prisma, client, SHOP, { variants: read.variants });
    expect(result).toMatchObject({ linked: 48, issues: 2 });
    const { issues } = await stored(db, SHOP);
    expect(issues.map((i) => [i.sku, i.kind])).toEqual([
      ["NOT-IN-SHOPIFY", "UNMATCHED_SKU"],
      ["SKU-00005", "DUPLICATE_SKU_IN_SHOPIFY"],
    ]);
  });

  it("falls back the same way on Shopify's one-at-a-time refusal (OPERATION_IN_PROGRESS)", async () => {
    const { client: real, operations } = await recordingClient(sim, SHOP);
    const client: AdminGraphql = {
      request: async <T,>(document: string, options?: { variables?: Record<string, unknown>; signal?: AbortSignal }) => {
        if (!document.includes("mutation BulkOperationRunQuery")) return real.request<T>(document, options);
        operations.push("BulkOperationRunQuery");
        const refused: BulkOperationRunQueryData = {
          bulkOperationRunQuery: {
            bulkOperation: null,
            userErrors: [{ code: "OPERATION_IN_PROGRESS", field: null, message: "A bulk query operation for this app and shop is already in progress." }],
          },
        };
        return { data: refused as T };
      },
    };
    const { logger, lines } = captureLogger();
    const read = await readShopVariants(client, { logger, shopId: SHOP, bulkThreshold: THRESHOLD, wait: nextTick, pollMs: 0 });
    expect(read.strategy).toBe("paged-fallback");
    expect(read.fallbackReason).toContain("OPERATION_IN_PROGRESS");
    expect(read.variants).toHaveLength(VARIANTS);
    expect(lines.filter((l) => l.level === "warn")).toHaveLength(1);
  });
});
