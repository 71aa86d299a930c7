// Uninstall, then reinstall through the real path: Shopify's signed app/uninstalled webhook, then the
// merchant opens the app again (a session token, token exchange against the simulator, afterAuth).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifySimulator, type ShopifySim } from "../../simulators/shopify";
import { callAction, callLoader, createAppHarness, type ActionModule, type AppHarness, type LoaderModule } from "../support/platform/app-harness";
import { extensionRequest, mintSessionToken } from "../support/platform/session-token";
import { webhookRequest } from "../support/platform/webhook-request";
import { simAdminClients } from "../support/platform/sim-admin";
import { seedWorld } from "../support/platform/world";
import { PLATFORM_JOBS } from "../../app/.server/jobs/registry";
import { UNINSTALL_RETENTION_MS } from "../../app/.server/lifecycle/uninstall";

let sim: ShopifySim;
let h: AppHarness;
let uninstalled: ActionModule;
let product: LoaderModule;

beforeAll(async () => {
  sim = await startShopifySimulator({ port: 0, apiKey: "demo-api-key", apiSecret: "demo-api-secret", appUrl: "http://127.0.0.1:3000", seed: false });
  h = await createAppHarness({ adminBaseUrl: sim.url, adminClient: simAdminClients(sim) });
  uninstalled = await import("../../app/routes/webhooks.app.uninstalled");
  product = await import("../../app/routes/api.extension.product");
});
afterAll(async () => {
  await sim?.close();
  await h?.db.drop();
});

/** The merchant opens something of the app: an authenticated request with a fresh session token. */
async function openApp(shop: string, productId: string) {
  return callLoader(product, extensionRequest(`/api/extension/product?productId=${encodeURIComponent(productId)}`, await mintSessionToken(shop)));
}

async function installed(shop: string) {
  sim.createShop(shop, { products: 6 });
  const world = await seedWorld(h.prisma, sim, shop, {});
  await h.prisma.shop.update({ where: { id: shop }, data: { syncEnabled: false } });
  await h.prisma.warehouseLocation.create({ data: { shopId: shop, warehouseId: 2, locationId: world.locationId } });
  expect((await openApp(shop, world.products[0].productId)).status).toBe(200); // install: token exchange
  expect(await h.prisma.session.count({ where: { shop } })).toBe(1);
  const res = await callAction(uninstalled, webhookRequest({ path: "/webhooks/app/uninstalled", topic: "app/uninstalled", shop, payload: { id: 1 } }));
  expect(res.status).toBe(200);
  expect(await h.prisma.session.count({ where: { shop } })).toBe(0);
  return world;
}

describe("reinstall", () => {
  it("within 48 h: the kept settings come back, and a reconciliation is queued", async () => {
    const shop = "reinstall-soon.myshopify.com";
    const world = await installed(shop);
    const res = await openApp(shop, world.products[0].productId);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ connected: true, shopSyncEnabled: false });
    const row = await h.prisma.shop.findUniqueOrThrow({ where: { id: shop }, include: { warehouses: true, links: true } });
    expect(row.uninstalledAt).toBeNull();
    expect(row.syncEnabled).toBe(false);
    expect(row.warehouses).toHaveLength(1);
    expect(row.links.length).toBeGreaterThan(0);
    expect(row.customerId).toBe(world.customerId);
    expect(await h.prisma.session.count({ where: { shop } })).toBe(1);
    expect(await h.prisma.job.findFirst({ where: { name: PLATFORM_JOBS.reconcile, shopId: shop } })).toMatchObject({ state: "created" });
    // The purge scheduled by the uninstall finds the shop back and erases nothing.
    const purge = await h.prisma.job.findFirstOrThrow({ where: { name: PLATFORM_JOBS.purgeUninstalled, shopId: shop } });
    const later = new Date(purge.startAfter.getTime() + 1000);
    const ran = await h.worker(() => later).drain();
    expect(ran.failed + ran.retried).toBe(0);
    expect(await h.prisma.shop.count({ where: { id: shop } })).toBe(1);
    expect(await h.prisma.reconcileReport.findFirst({ where: { shopId: shop } })).toMatchObject({ trigger: "REINSTALL" });
  });

  it("after 48 h (purge not run yet): the old settings are erased, the new installation starts clean", async () => {
    const shop = "reinstall-late.myshopify.com";
    const world = await installed(shop);
    await h.prisma.shop.update({ where: { id: shop }, data: { uninstalledAt: new Date(Date.now() - UNINSTALL_RETENTION_MS - 60_000) } });
    const res = await openApp(shop, world.products[0].productId);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ connected: false });
    expect(await h.prisma.shop.count({ where: { id: shop } })).toBe(0);
    expect(await h.prisma.customer.count({ where: { id: world.customerId } })).toBe(0);
    // The session of the new installation survives the erasure.
    expect(await h.prisma.session.count({ where: { shop } })).toBe(1);
  });
});
