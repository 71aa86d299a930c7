// "Uninstall during a running bulk sync: the job stops cleanly." A bulk Sync Inventory has queued 600
// forced writes; the shop writer is sending them when Shopify's app/uninstalled arrives. After it,
// Shopify accepts nothing more from us (the token is revoked), the writer ends normally and nothing is
// left queued.
// Known gap (writer, not platform): rows the writer already holds in memory are still sent once after
// the uninstall (and refused with 401) because it does not check Shop.uninstalledAt; whether that
// happens depends on timing, so this test asserts what always holds.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startShopifySimulator, type ShopifySim } from "../../simulators/shopify";
import { callAction, createAppHarness, silent, type ActionModule, type AppHarness } from "../support/platform/app-harness";
import { exchangeOfflineToken } from "../support/platform/sim-admin";
import { webhookRequest } from "../support/platform/webhook-request";
import { backgroundAdminClient } from "../../app/.server/wiring/background-admin-client";
import { BudgetRegistry } from "../../app/.server/shopify/budget-registry";
import { memoryLeases } from "../support/memory-leases";
import { PrismaWriterStore } from "../../app/.server/db/prisma-writer-store";
import { runShopWriter } from "../../app/.server/sync/writer/shop-writer";

const SHOP = "bulk-uninstall.myshopify.com";
let sim: ShopifySim;
let h: AppHarness;
let uninstalled: ActionModule;

beforeAll(async () => {
  sim = await startShopifySimulator({ port: 0, apiKey: "demo-api-key", apiSecret: "demo-api-secret", appUrl: "http://127.0.0.1:3000", seed: false });
  h = await createAppHarness({ adminBaseUrl: sim.url });
  uninstalled = await import("../../app/routes/webhooks.app.uninstalled");
});
afterAll(async () => {
  await sim?.close();
  await h?.db.drop();
});

it("the writer ends after the call in hand; nothing more is accepted or left queued", async () => {
  sim.createShop(SHOP, { products: 0 });
  const inventoryItemIds = sim.addVariants(SHOP, 600, { available: 0 });
  const location = `gid://shopify/Location/${[...sim.shop(SHOP).locations.keys()][0]}`;
  const customer = await h.prisma.customer.create({ data: { whiplashCustomerId: 77, defaultSyncSetting: "ALWAYS" } });
  await h.prisma.shop.create({ data: { id: SHOP, customerId: customer.id, defaultLocationId: location } });
  await h.prisma.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: await exchangeOfflineToken(sim, SHOP) } });
  for (const [i, inventoryItemId] of inventoryItemIds.entries()) {
    const item = await h.prisma.item.create({ data: { customerId: customer.id, whiplashItemId: i + 1, sku: `S${i}`, stock: { create: { warehouseId: 1, sellable: 5 } } } });
    await h.prisma.itemLink.create({ data: { shopId: SHOP, itemId: item.id, productId: `gid://shopify/Product/${i}`, variantId: `gid://shopify/ProductVariant/${i}`, inventoryItemId } });
    await h.prisma.pendingSync.create({ data: { shopId: SHOP, itemId: item.id, locationId: location, wanted: 5, trigger: "BULK", force: true } });
  }

  // Shopify's app/uninstalled reaches the app right after the writer's first call is answered.
  let calls = 0;
  const seen: string[] = [];
  const fetchThenUninstall: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    seen.push(`${response.status} ${String(init?.body).slice(0, 120)}`);
    if (++calls === 1) {
      const res = await callAction(uninstalled, webhookRequest({ path: "/webhooks/app/uninstalled", topic: "app/uninstalled", shop: SHOP, payload: { id: 1 } }));
      expect(res.status).toBe(200);
    }
    return response;
  };
  const budgets = new BudgetRegistry();
  const result = await runShopWriter({
    shop: SHOP,
    client: backgroundAdminClient(SHOP, { baseUrl: sim.url, budgets, fetch: fetchThenUninstall, token: { get: async () => (await h.prisma.session.findFirst({ where: { shop: SHOP } }))?.accessToken ?? "revoked", invalidate: () => {} } }),
    budget: budgets.forShop(SHOP),
    store: new PrismaWriterStore(h.prisma),
    leases: memoryLeases(),
    owner: "test",
    logger: silent,
    trigger: "BULK",
    // One call at a time, no idle wait: the test needs no sleeps.
    settings: { maxInFlight: 1, lingerMs: 0, pollMs: 0, maxHoldMs: 0, partialBatchReserve: 0 },
  });

  // Only the call in hand when the uninstall arrived was accepted.
  expect(seen.filter((line) => line.startsWith("200 ")), seen.join("\n")).toHaveLength(1);
  expect(result.status).toBe("completed");
  expect(result.written).toBeLessThanOrEqual(250);
  expect(await h.prisma.pendingSync.count({ where: { shopId: SHOP } })).toBe(0);
  expect(await h.prisma.session.count({ where: { shop: SHOP } })).toBe(0);
  expect((await h.prisma.shop.findUniqueOrThrow({ where: { id: SHOP } })).uninstalledAt).not.toBeNull();
  // Shopify received exactly the one call's quantities.
  const written = sim.inventoryLevels(SHOP).filter((r) => r.available === 5).length;
  expect(written).toBe(result.written);
});
