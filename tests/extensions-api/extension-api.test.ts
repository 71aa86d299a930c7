// The admin extensions' backend through real session-token auth: a HS256 ID token signed with the app
// secret, verified by authenticate.admin, token exchange answered by the Shopify simulator, and the
// product query sent through the throttled client to the simulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifySimulator, type ShopifySim } from "../../simulators/shopify";
import type { BulkResult, ProductSyncView, VariantSyncView } from "../../app/shared/extension-contract";
import { callAction, callLoader, createAppHarness, type ActionModule, type AppHarness, type LoaderModule } from "../support/platform/app-harness";
import { EXTENSION_ORIGIN, extensionRequest, mintSessionToken } from "../support/platform/session-token";
import { seedWorld, type World } from "../support/platform/world";

let sim: ShopifySim;
let h: AppHarness;
let world: World;
let product: LoaderModule;
let itemSetting: ActionModule & LoaderModule;
let bulk: ActionModule & LoaderModule;

beforeAll(async () => {
  sim = await startShopifySimulator({
    port: 0,
    apiKey: "demo-api-key",
    apiSecret: "demo-api-secret",
    appUrl: "http://127.0.0.1:3000",
    seed: { shop: "ext-test.myshopify.com", products: 20 },
  });
  h = await createAppHarness({ adminBaseUrl: sim.url });
  product = await import("../../app/routes/api.extension.product");
  itemSetting = await import("../../app/routes/api.extension.item-setting");
  bulk = await import("../../app/routes/api.extension.bulk");
  world = await seedWorld(h.prisma, sim, "ext-test.myshopify.com", { products: 2, leaveUnmatched: true });
});
afterAll(async () => {
  await sim?.close();
  await h?.db.drop();
});

const token = () => mintSessionToken(world.shop);
const productUrl = (id: string) => `/api/extension/product?productId=${encodeURIComponent(id)}`;
const post = async (body: unknown, t?: string) => extensionRequest("/api/extension/bulk", t ?? (await token()), { method: "POST", body: JSON.stringify(body) });

describe("GET /api/extension/product", () => {
  it("answers per variant with decision, reason and quantities, with CORS for the extension origin", async () => {
    const p = world.products[0];
    const res = await callLoader(product, extensionRequest(productUrl(p.productId), await token()));
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const view = (await res.json()) as ProductSyncView;
    expect(view).toMatchObject({ productId: p.productId, connected: true, shopSyncEnabled: true, customerDefault: "PROCESS_ORDERS_ONLY" });
    expect(view.variants.map((v) => v.variantId)).toEqual(p.variants.map((v) => v.variantId));
    const [first] = view.variants;
    expect(first).toMatchObject({ decision: "sync", reasonCode: "ALWAYS", reason: "Synced: this item is set to Always.", whiplashQuantity: 25, syncSetting: "ALWAYS" });
    const last = view.variants.at(-1)!;
    expect(last).toMatchObject({ itemId: null, decision: "skip", reasonCode: "UNMATCHED" });
    // The token exchange went to the simulator and stored an offline session.
    expect(await h.prisma.session.count({ where: { shop: world.shop } })).toBe(1);
  });

  it("refuses a token signed with another secret (401), bots (410), and answers the preflight (204)", async () => {
    const forged = await mintSessionToken(world.shop, { apiSecret: "not-the-secret" });
    expect((await callLoader(product, extensionRequest(productUrl(world.products[0].productId), forged))).status).toBe(401);
    const expired = await mintSessionToken(world.shop, { expiresIn: -120 });
    expect((await callLoader(product, extensionRequest(productUrl(world.products[0].productId), expired))).status).toBe(401);
    const bot = extensionRequest(productUrl(world.products[0].productId), await token());
    bot.headers.set("User-Agent", "curl/8.5.0");
    expect((await callLoader(product, bot)).status).toBe(410);
    const preflight = await callLoader(itemSetting, new Request("http://127.0.0.1:3000/api/extension/item-setting", { method: "OPTIONS", headers: { Origin: EXTENSION_ORIGIN } }));
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Headers")).toContain("Authorization");
  });

  it("400 on a bad product id, 404 on an unknown product", async () => {
    expect((await callLoader(product, extensionRequest(productUrl("42"), await token()))).status).toBe(400);
    const missing = await callLoader(product, extensionRequest(productUrl("gid://shopify/Product/99999999"), await token()));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "Product not found." });
  });

  it("a shop the app has not set up yet: not connected", async () => {
    const other = "unconnected.myshopify.com";
    sim.createShop(other, { products: 1 });
    const res = await callLoader(product, extensionRequest(productUrl("gid://shopify/Product/1"), await mintSessionToken(other)));
    expect(await res.json()).toMatchObject({ connected: false, variants: [] });
  });
});

describe("POST /api/extension/item-setting", () => {
  it("changes the item's setting, answers the new decision and queues the sync it calls for", async () => {
    const v = world.products[0].variants[0];
    const req = extensionRequest("/api/extension/item-setting", await token(), {
      method: "POST",
      body: JSON.stringify({ productId: world.products[0].productId, variantId: v.variantId, syncSetting: "NEVER" }),
    });
    const res = await callAction(itemSetting, req);
    expect(res.status).toBe(200);
    const view = (await res.json()) as VariantSyncView;
    expect(view).toMatchObject({ syncSetting: "NEVER", decision: "skip", reasonCode: "NEVER", reason: "Not synced: this item is set to Never." });
    expect((await h.prisma.item.findUniqueOrThrow({ where: { id: v.itemId! } })).syncSetting).toBe("NEVER");
    // The change goes through the merchant's settings command, which plans before queueing: a Never item
    // has nothing to write, so nothing is queued for it.
    expect(await h.prisma.pendingSync.findFirst({ where: { shopId: world.shop, itemId: v.itemId! } })).toBeNull();

    // Back to Always: the sync the new setting calls for is queued, and the shop's writer with it.
    const back = extensionRequest("/api/extension/item-setting", await token(), {
      method: "POST",
      body: JSON.stringify({ productId: world.products[0].productId, variantId: v.variantId, syncSetting: "ALWAYS" }),
    });
    const again = await callAction(itemSetting, back);
    expect(again.status).toBe(200);
    expect((await again.json()) as VariantSyncView).toMatchObject({ syncSetting: "ALWAYS", decision: "sync", reasonCode: "ALWAYS" });
    expect(await h.prisma.pendingSync.findFirst({ where: { shopId: world.shop, itemId: v.itemId! } })).toMatchObject({ trigger: "SETTINGS", wanted: 25 });
    expect(await h.prisma.job.count({ where: { name: "shop-writer", shopId: world.shop } })).toBe(1);
  });

  it("validates the body and refuses GET", async () => {
    const bad = extensionRequest("/api/extension/item-setting", await token(), { method: "POST", body: JSON.stringify({ variantId: "x", syncSetting: "SOMETIMES" }) });
    const res = await callAction(itemSetting, bad);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain("syncSetting");
    const unmatched = world.products[0].variants.at(-1)!;
    const notOurs = extensionRequest("/api/extension/item-setting", await token(), {
      method: "POST",
      body: JSON.stringify({ productId: world.products[0].productId, variantId: unmatched.variantId, syncSetting: "ALWAYS" }),
    });
    expect((await callAction(itemSetting, notOurs)).status).toBe(404);
    expect((await callLoader(itemSetting, extensionRequest("/api/extension/item-setting", await token()))).status).toBe(405);
  });
});

describe("POST /api/extension/bulk", () => {
  it("Sync inventory with Whiplash: queues forced syncs for eligible variants, reports the others", async () => {
    const [p1, p2] = world.products;
    await h.prisma.item.update({ where: { id: p2.variants[0].itemId! }, data: { syncSetting: "NEVER" } });
    const res = await callAction(bulk, await post({ action: "SYNC", productIds: [p1.productId, p2.productId, "gid://shopify/Product/99999999"] }));
    expect(res.status).toBe(200);
    const result = (await res.json()) as BulkResult;
    const matched = world.products.flatMap((p) => p.variants.filter((v) => v.itemId));
    expect(result.variants).toBe(matched.length);
    expect(result.unmatched).toBe(1);
    expect(result.results.find((r) => r.variantId === p2.variants[0].variantId)).toMatchObject({ outcome: "SKIPPED" });
    const queued = await h.prisma.pendingSync.findMany({ where: { shopId: world.shop, trigger: "BULK" } });
    expect(queued.length).toBe(result.queued);
    expect(result.queued).toBeGreaterThan(0);
  });

  it("Set Sync Inventory: updates every matched variant's item", async () => {
    const p = world.products[1];
    const res = await callAction(bulk, await post({ action: "SET_SETTING", productIds: [p.productId], syncSetting: "PROCESS_ORDERS_ONLY" }));
    const result = (await res.json()) as BulkResult;
    expect(result.updated).toBe(p.variants.filter((v) => v.itemId).length);
    for (const v of p.variants.filter((x) => x.itemId)) {
      expect((await h.prisma.item.findUniqueOrThrow({ where: { id: v.itemId! } })).syncSetting).toBe("PROCESS_ORDERS_ONLY");
    }
  });

  it("validates the request", async () => {
    expect((await callAction(bulk, await post({ action: "SET_SETTING", productIds: [world.products[0].productId] }))).status).toBe(400);
    expect((await callAction(bulk, await post({ action: "SYNC", productIds: [] }))).status).toBe(400);
    expect((await callAction(bulk, await post({ action: "SYNC", productIds: ["gid://shopify/Order/1"] }))).status).toBe(400);
    const forged = await mintSessionToken(world.shop, { apiSecret: "nope" });
    expect((await callAction(bulk, await post({ action: "SYNC", productIds: [world.products[0].productId] }, forged))).status).toBe(401);
  });
});
