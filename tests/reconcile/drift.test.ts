// Drift, end to end: quantities written by the app and changed by a merchant in the simulator's admin;
// the simulator sends signed inventory_levels/update webhooks over HTTP to the app's real route; the
// worker's drift job tells our own writes from the merchant's change and applies the customer's policy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifySimulator, type ShopifySim } from "../../simulators/shopify";
import { createAppHarness, type ActionModule, type AppHarness } from "../support/platform/app-harness";
import { startRouteServer, type RouteServer } from "../support/platform/route-server";
import { simAdminClients, writeAsApp } from "../support/platform/sim-admin";
import { seedWorld } from "../support/platform/world";
import { SHOP_WRITER_JOB } from "../../app/.server/jobs/registry";

const routes: Record<string, ActionModule> = {};
let server: RouteServer;
let sim: ShopifySim;
let h: AppHarness;
let clients: ReturnType<typeof simAdminClients>;

beforeAll(async () => {
  server = await startRouteServer(routes);
  sim = await startShopifySimulator({ port: 0, apiKey: "demo-api-key", apiSecret: "demo-api-secret", appUrl: server.url, seed: false, webhooks: true });
  clients = simAdminClients(sim);
  h = await createAppHarness({ adminBaseUrl: sim.url, adminClient: clients });
  routes["/webhooks/inventory_levels/update"] = await import("../../app/routes/webhooks.inventory_levels.update");
});
afterAll(async () => {
  await sim?.close();
  await server?.close();
  await h?.db.drop();
});

async function setup(shop: string, driftPolicy: "CORRECT" | "FLAG") {
  sim.createShop(shop, { products: 6, webhooks: true });
  const world = await seedWorld(h.prisma, sim, shop, { driftPolicy, sellable: 25 });
  const variant = world.products[0].variants[0];
  const level = { inventoryItemId: variant.inventoryItemId, locationId: world.locationId };
  // The app publishes 25; Shopify echoes our own write back as inventory_levels/update.
  await writeAsApp(h.prisma, clients(shop), shop, { ...level, quantity: 25 });
  await sim.webhooksIdle();
  return { world, variant, level };
}

const drain = () => h.worker().drain();
const shopLevel = (shop: string, l: { inventoryItemId: string; locationId: string }) =>
  h.prisma.shopifyLevel.findUniqueOrThrow({ where: { shopId_inventoryItemId_locationId: { shopId: shop, ...l } } });
const driftLogs = (shop: string) => h.prisma.syncLog.findMany({ where: { shopId: shop, trigger: "DRIFT" } });

describe("drift detection", () => {
  it("our own write does not loop: recorded as known, nothing else", async () => {
    const shop = "drift-own.myshopify.com";
    const { world, variant, level } = await setup(shop, "CORRECT");
    await drain();
    const events = await h.prisma.inboundEvent.findMany({ where: { shopId: shop } });
    // Shopify's updated_at (second precision, the simulator's clock at the write) is compared with the
    // time we recorded our write (after the answer): on a loaded machine the two can fall in different
    // seconds and the echo is then STALE instead of "our own write" (classifyLevelUpdate's known limit).
    // Either way it is not drift, which is what this test is about.
    expect(events).toHaveLength(1);
    expect([["APPLIED", "our own write"], ["STALE", "older than the quantity we know"]]).toContainEqual([events[0].outcome, events[0].outcomeDetail]);
    expect(await driftLogs(shop)).toEqual([]);
    expect(await h.prisma.pendingSync.count({ where: { shopId: shop } })).toBe(0);
    expect((await h.prisma.itemLink.findFirstOrThrow({ where: { shopId: shop, itemId: variant.itemId! } })).driftDetectedAt).toBeNull();
    expect((await shopLevel(shop, level)).knownQuantity).toBe(25);
    expect(world.customerId).toBeTruthy();
  });

  it("policy CORRECT: a merchant's change is flagged on the item and a correction is queued for the writer", async () => {
    const shop = "drift-correct.myshopify.com";
    const { variant, level } = await setup(shop, "CORRECT");
    await drain();
    const delivery = await sim.merchantSetQuantity(shop, { inventoryItemId: level.inventoryItemId, locationId: level.locationId, quantity: 3 });
    expect(delivery.webhook?.status).toBe(200);
    await drain();

    const link = await h.prisma.itemLink.findFirstOrThrow({ where: { shopId: shop, itemId: variant.itemId! } });
    expect(link.driftDetectedAt).not.toBeNull();
    expect(await shopLevel(shop, level)).toMatchObject({ knownQuantity: 3, writtenQuantity: 25 });
    expect(await driftLogs(shop)).toMatchObject([
      { decision: "DRIFT", reason: "CORRECTION_QUEUED", quantityBefore: 25, quantityAfter: 3, itemId: variant.itemId, locationId: level.locationId },
    ]);
    expect(await h.prisma.pendingSync.findMany({ where: { shopId: shop } })).toMatchObject([{ itemId: variant.itemId, wanted: 25, trigger: "DRIFT" }]);
    expect(await h.prisma.job.count({ where: { name: SHOP_WRITER_JOB, shopId: shop, state: "created" } })).toBe(1);

    // The writer puts 25 back; its echo is recognised as ours and clears the flag.
    await writeAsApp(h.prisma, clients(shop), shop, { ...level, quantity: 25 });
    await sim.webhooksIdle();
    await drain();
    expect((await h.prisma.itemLink.findUniqueOrThrow({ where: { id: link.id } })).driftDetectedAt).toBeNull();
    expect(await driftLogs(shop)).toHaveLength(1);
  });

  it("policy FLAG: the change is flagged and left as it is", async () => {
    const shop = "drift-flag.myshopify.com";
    const { variant, level } = await setup(shop, "FLAG");
    await drain();
    await sim.merchantSetQuantity(shop, { inventoryItemId: level.inventoryItemId, locationId: level.locationId, quantity: 40 });
    await drain();
    expect((await h.prisma.itemLink.findFirstOrThrow({ where: { shopId: shop, itemId: variant.itemId! } })).driftDetectedAt).not.toBeNull();
    expect(await driftLogs(shop)).toMatchObject([{ reason: "FLAGGED", quantityBefore: 25, quantityAfter: 40 }]);
    expect(await h.prisma.pendingSync.count({ where: { shopId: shop } })).toBe(0);
    expect(await h.prisma.job.count({ where: { name: SHOP_WRITER_JOB, shopId: shop } })).toBe(0);
  });

  it("CORRECT, but the rules no longer publish the item: flagged with the reason, not corrected", async () => {
    const shop = "drift-never.myshopify.com";
    const { variant, level } = await setup(shop, "CORRECT");
    await drain();
    await h.prisma.item.update({ where: { id: variant.itemId! }, data: { syncSetting: "NEVER" } });
    await sim.merchantSetQuantity(shop, { inventoryItemId: level.inventoryItemId, locationId: level.locationId, quantity: 1 });
    await drain();
    expect(await driftLogs(shop)).toMatchObject([{ reason: "NEVER" }]);
    expect(await h.prisma.pendingSync.count({ where: { shopId: shop } })).toBe(0);
  });

  it("changes to items we do not manage are recorded as unused", async () => {
    const shop = "drift-other.myshopify.com";
    const { world } = await setup(shop, "CORRECT");
    await drain();
    const unmanaged = sim.inventoryLevels(shop).find((r) => !world.products.some((p) => p.variants.some((v) => v.inventoryItemId === r.inventoryItemId)))!;
    await sim.merchantSetQuantity(shop, { inventoryItemId: unmanaged.inventoryItemId, quantity: 9 });
    await drain();
    const last = await h.prisma.inboundEvent.findFirstOrThrow({ where: { shopId: shop }, orderBy: { receivedAt: "desc" } });
    expect([last.outcome, last.outcomeDetail]).toEqual(["UNUSED", "not an item we manage"]);
  });

  it("prunes settled level events past the retention (our own writes would otherwise pile up)", async () => {
    const shop = "drift-prune.myshopify.com";
    await setup(shop, "CORRECT");
    const old = new Date(Date.now() - 3 * 24 * 3600_000);
    await h.prisma.inboundEvent.create({
      data: { source: "SHOPIFY", topic: "INVENTORY_LEVELS_UPDATE", dedupeKey: "old-1", rawBody: "{}", shopId: shop, outcome: "APPLIED", processedAt: old, receivedAt: old },
    });
    await drain();
    expect(await h.prisma.inboundEvent.count({ where: { shopId: shop, dedupeKey: "old-1" } })).toBe(0);
    expect(await h.prisma.inboundEvent.count({ where: { shopId: shop } })).toBe(1); // today's echo stays
  });
});
