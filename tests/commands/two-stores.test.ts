// One customer, two stores (issue 10, item 2). A Whiplash item's Sync Inventory setting belongs to the item,
// which every store of the customer shares, and "Sync now" / bulk syncs are the merchant's commands: whatever
// entry point a person uses (item page, Items bulk actions, Bulk page, both admin extensions), the change
// must reach the Shopify levels of BOTH stores once their writers ran, and each store's item History must
// say why. Real routes with real session tokens, the real worker and shop writer, the Shopify simulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSyncReason, type SyncReason } from "../../app/domain";
import type { Worker as WorkerType } from "../../app/.server/jobs/worker";
import { SHOP_A, SHOP_B, BROWSER_UA, seedLinkedCatalog, startUiHarness, type LinkedCatalog, type RouteModule, type UiHarness } from "../support/ui/harness";

let h: UiHarness;
let a: LinkedCatalog;
const routes: Record<string, RouteModule> = {};
let makeWorker: () => WorkerType;
/** Shop A's item id -> shop B's inventory item id (the same Whiplash item, matched in both stores). */
const inB = new Map<string, string>();
let locationB: string;

interface Product {
  productId: string;
  items: { id: string; inventoryItemId: string; variantId: string }[];
}
let products: Product[];

beforeAll(async () => {
  h = await startUiHarness();
  // Process Orders off and customer default "Process Orders only": nothing syncs until someone changes it.
  a = await seedLinkedCatalog(h.prisma, h.sim, SHOP_A, { products: 24, sellable: 9, processOrders: false });
  // Shop B belongs to the same Whiplash customer; its variants are matched to the same items.
  const stateB = h.sim.shop(SHOP_B);
  locationB = `gid://shopify/Location/${[...stateB.locations.values()][0].id}`;
  await h.prisma.shop.upsert({
    where: { id: SHOP_B },
    create: { id: SHOP_B, name: stateB.name, customerId: a.customerId, defaultLocationId: locationB },
    update: { customerId: a.customerId, defaultLocationId: locationB },
  });
  const variantsB = stateB.productList.flatMap((p) => p.variantIds.map((id) => ({ product: p, v: stateB.variants.get(id)! }))).filter((x) => x.v.tracked);
  for (const [i, item] of a.items.entries()) {
    const b = variantsB[i];
    if (!b) break;
    const inventoryItemId = `gid://shopify/InventoryItem/${b.v.inventoryItemId}`;
    await h.prisma.itemLink.create({
      data: {
        shopId: SHOP_B,
        itemId: item.id,
        productId: `gid://shopify/Product/${b.product.id}`,
        variantId: `gid://shopify/ProductVariant/${b.v.id}`,
        inventoryItemId,
        productTitle: b.product.title,
        variantTitle: b.v.title,
        tracked: true,
      },
    });
    inB.set(item.id, inventoryItemId);
  }
  const links = await h.prisma.itemLink.findMany({ where: { shopId: SHOP_A }, orderBy: { productId: "asc" } });
  const byProduct = new Map<string, Product>();
  for (const l of links) {
    if (!inB.has(l.itemId)) continue;
    const p = byProduct.get(l.productId) ?? { productId: l.productId, items: [] };
    p.items.push({ id: l.itemId, inventoryItemId: l.inventoryItemId, variantId: l.variantId });
    byProduct.set(l.productId, p);
  }
  products = [...byProduct.values()];

  routes.home = await import("../../app/routes/app._index");
  routes.item = await import("../../app/routes/app.items.$id");
  routes.items = await import("../../app/routes/app.items._index");
  routes.bulk = await import("../../app/routes/app.bulk._index");
  routes.run = await import("../../app/routes/app.bulk.$id");
  routes.extSetting = await import("../../app/routes/api.extension.item-setting");
  routes.extBulk = await import("../../app/routes/api.extension.bulk");
  const { Worker } = await import("../../app/.server/jobs/worker");
  const { PrismaJobQueue } = await import("../../app/.server/jobs/prisma-job-queue");
  const { bulkJobHandlers } = await import("../../app/.server/bulk/handlers");
  const { shopWriterJobHandlers } = await import("../../app/.server/sync/writer/writer-jobs");
  const { backgroundAdminClient } = await import("../../app/.server/wiring/background-admin-client");
  const { createLogger } = await import("../../app/.server/logger");
  const silent = createLogger({}, "silent");
  makeWorker = () =>
    new Worker({
      queue: new PrismaJobQueue(h.prisma),
      logger: silent,
      handlers: {
        ...bulkJobHandlers({ prisma: h.prisma, logger: silent, adminClient: (shop) => backgroundAdminClient(shop), pollMs: 0, chunkSize: 7 }),
        ...shopWriterJobHandlers(h.prisma, silent),
      },
    });
  // One authenticated request per store: the token exchange stores the offline session its writer uses.
  for (const shop of [SHOP_A, SHOP_B]) expect((await h.call(routes.home, "loader", await h.request(shop, "/app"))).status).toBe(200);
}, 60_000);
afterAll(() => h?.close());

/** A product of shop A no other test uses (products are handed out in order; hoodies are kept for the saved search). */
let nextProduct = 0;
function takeProduct(): Product {
  for (;;) {
    const p = products[nextProduct++];
    if (!p) throw new Error("not enough products seeded");
    const title = h.sim.shop(SHOP_A).productList.find((x) => `gid://shopify/Product/${x.id}` === p.productId)!.title;
    if (!/Hoodie/.test(title)) return p;
  }
}

async function setStock(itemIds: string[], sellable: number): Promise<void> {
  await h.prisma.itemWarehouseStock.updateMany({ where: { itemId: { in: itemIds } }, data: { sellable } });
}

function shopifyLevel(shop: string, locationId: string, inventoryItemId: string): number | undefined {
  const numeric = inventoryItemId.split("/").pop();
  return h.sim.inventoryLevels(shop, { locationId }).find((l) => String(l.inventoryItemId).split("/").pop() === numeric)?.available;
}

/** Both stores show `quantity` for the item, and each store's History (item page loader) says why. */
async function expectBothStores(itemId: string, quantity: number, expected: { trigger: string; reason: string }): Promise<void> {
  const inventoryA = a.items.find((i) => i.id === itemId)!.inventoryItemId;
  expect(shopifyLevel(SHOP_A, a.locationId, inventoryA), `store A level of ${itemId}`).toBe(quantity);
  expect(shopifyLevel(SHOP_B, locationB, inB.get(itemId)!), `store B level of ${itemId}`).toBe(quantity);
  for (const shop of [SHOP_A, SHOP_B]) {
    const res = await h.call(routes.item, "loader", await h.request(shop, `/app/items/${itemId}`), { id: itemId });
    expect(res.status, `${shop} item page`).toBe(200);
    const { detail } = (await res.json()) as { detail: { history: { trigger: string; decision: string; reason: string; text: string; quantityAfter: number | null }[] } };
    const synced = detail.history.find((r) => r.decision === "SYNCED");
    expect(synced, `${shop} history: ${JSON.stringify(detail.history)}`).toMatchObject({ trigger: expected.trigger, reason: expected.reason, quantityAfter: quantity });
    expect(synced!.text).toBe(describeSyncReason(expected.reason as SyncReason));
  }
}

/** Neither store shows `quantity` yet (so reaching it proves the command did it). */
function expectNeitherStore(itemId: string, quantity: number): void {
  const inventoryA = a.items.find((i) => i.id === itemId)!.inventoryItemId;
  expect(shopifyLevel(SHOP_A, a.locationId, inventoryA)).not.toBe(quantity);
  expect(shopifyLevel(SHOP_B, locationB, inB.get(itemId)!)).not.toBe(quantity);
}

function extensionPost(shop: string, path: string, body: unknown): Promise<Request> {
  return h.sim.mintSessionToken(shop).then(
    (token) =>
      new Request(new URL(path, "http://127.0.0.1:3000"), {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "User-Agent": BROWSER_UA, Origin: "https://extensions.shopifycdn.com", "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }),
  );
}

async function startRun(route: RouteModule, path: string, form: Record<string, string>): Promise<string> {
  const res = await h.call(route, "action", await h.request(SHOP_A, path, { form }));
  expect(res.status, await res.clone().text()).toBe(302);
  return res.headers.get("Location")!.split("/").pop()!.split("?")[0];
}

describe("a change made in one store reaches both stores of the customer", () => {
  it("item page: Sync Inventory set to Always", { timeout: 30_000 }, async () => {
    const [item] = takeProduct().items;
    expectNeitherStore(item.id, 9);
    const res = await h.call(routes.item, "action", await h.request(SHOP_A, `/app/items/${item.id}`, { form: { intent: "rules", syncSetting: "ALWAYS", bufferOverride: "" } }), { id: item.id });
    expect(res.status).toBe(200);
    await makeWorker().drain();
    await expectBothStores(item.id, 9, { trigger: "SETTINGS", reason: "ALWAYS" });
  });

  it("item page: Sync now", { timeout: 30_000 }, async () => {
    const [item] = takeProduct().items;
    await h.prisma.item.update({ where: { id: item.id }, data: { processOrders: true } });
    await setStock([item.id], 21);
    expectNeitherStore(item.id, 21);
    const res = await h.call(routes.item, "action", await h.request(SHOP_A, `/app/items/${item.id}`, { form: { intent: "syncNow" } }), { id: item.id });
    expect(res.status).toBe(200);
    await makeWorker().drain();
    await expectBothStores(item.id, 21, { trigger: "MANUAL", reason: "PROCESSING_ORDERS" });
  });

  it("Items page bulk action on a selection: Sync inventory", { timeout: 30_000 }, async () => {
    const [item] = takeProduct().items;
    await h.prisma.item.update({ where: { id: item.id }, data: { processOrders: true } });
    await setStock([item.id], 22);
    expectNeitherStore(item.id, 22);
    const runId = await startRun(routes.items, "/app/items", { intent: "bulk", action: "SYNC", source: "SELECTION", itemIds: JSON.stringify([item.id]) });
    await makeWorker().drain();
    expect((await h.prisma.bulkRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("DONE");
    await expectBothStores(item.id, 22, { trigger: "BULK", reason: "PROCESSING_ORDERS" });
  });

  it("Items page bulk action on a selection: Set Sync Inventory to Always", { timeout: 30_000 }, async () => {
    const [item] = takeProduct().items;
    await setStock([item.id], 23);
    expectNeitherStore(item.id, 23);
    const runId = await startRun(routes.items, "/app/items", { intent: "bulk", action: "SET_SETTING", setting: "ALWAYS", source: "SELECTION", itemIds: JSON.stringify([item.id]) });
    await makeWorker().drain();
    expect((await h.prisma.bulkRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("DONE");
    await expectBothStores(item.id, 23, { trigger: "SETTINGS", reason: "ALWAYS" });
  });

  it("Bulk page on a Shopify saved search: Set Sync Inventory to Always, then Sync inventory", { timeout: 60_000 }, async () => {
    const state = h.sim.shop(SHOP_A);
    const search = state.savedSearches.find((s) => s.name === "Hoodies")!;
    const hoodies = products.filter((p) => /Hoodie/.test(state.productList.find((x) => `gid://shopify/Product/${x.id}` === p.productId)!.title));
    const ids = hoodies.flatMap((p) => p.items.map((i) => i.id));
    expect(ids.length).toBeGreaterThan(0);
    await setStock(ids, 24);
    for (const id of ids) expectNeitherStore(id, 24);
    const setRun = await startRun(routes.bulk, "/app/bulk", { source: `search:gid://shopify/SavedSearch/${search.id}`, action: "SET_SETTING", setting: "ALWAYS" });
    await makeWorker().drain();
    expect((await h.prisma.bulkRun.findUniqueOrThrow({ where: { id: setRun } })).status).toBe("DONE");
    for (const id of ids) await expectBothStores(id, 24, { trigger: "SETTINGS", reason: "ALWAYS" });

    await setStock(ids, 25);
    const syncRun = await startRun(routes.bulk, "/app/bulk", { source: `search:gid://shopify/SavedSearch/${search.id}`, action: "SYNC" });
    await makeWorker().drain();
    expect((await h.prisma.bulkRun.findUniqueOrThrow({ where: { id: syncRun } })).status).toBe("DONE");
    for (const id of ids) await expectBothStores(id, 25, { trigger: "BULK", reason: "ALWAYS" });
  });

  it("product block extension: the variant's Sync Inventory set to Always", { timeout: 30_000 }, async () => {
    const product = takeProduct();
    const [item] = product.items;
    await setStock([item.id], 26);
    expectNeitherStore(item.id, 26);
    const res = await h.call(routes.extSetting, "action", await extensionPost(SHOP_A, "/api/extension/item-setting", { productId: product.productId, variantId: item.variantId, syncSetting: "ALWAYS" }));
    expect(res.status, await res.clone().text()).toBe(200);
    await makeWorker().drain();
    await expectBothStores(item.id, 26, { trigger: "SETTINGS", reason: "ALWAYS" });
  });

  it("selection action extension: Sync", { timeout: 30_000 }, async () => {
    const product = takeProduct();
    const ids = product.items.map((i) => i.id);
    await h.prisma.item.updateMany({ where: { id: { in: ids } }, data: { processOrders: true } });
    await setStock(ids, 27);
    for (const id of ids) expectNeitherStore(id, 27);
    const res = await h.call(routes.extBulk, "action", await extensionPost(SHOP_A, "/api/extension/bulk", { action: "SYNC", productIds: [product.productId] }));
    expect(res.status, await res.clone().text()).toBe(200);
    await makeWorker().drain();
    for (const id of ids) await expectBothStores(id, 27, { trigger: "BULK", reason: "PROCESSING_ORDERS" });
  });

  it("selection action extension: Set Sync Inventory to Always", { timeout: 30_000 }, async () => {
    const product = takeProduct();
    const ids = product.items.map((i) => i.id);
    await setStock(ids, 28);
    for (const id of ids) expectNeitherStore(id, 28);
    const res = await h.call(routes.extBulk, "action", await extensionPost(SHOP_A, "/api/extension/bulk", { action: "SET_SETTING", syncSetting: "ALWAYS", productIds: [product.productId] }));
    expect(res.status, await res.clone().text()).toBe(200);
    await makeWorker().drain();
    for (const id of ids) await expectBothStores(id, 28, { trigger: "SETTINGS", reason: "ALWAYS" });
  });
});

describe("what stays with the acting store", () => {
  it("Sync now on an item that does not sync: the skip is logged in the acting store only, nothing is queued", { timeout: 30_000 }, async () => {
    const [item] = takeProduct().items;
    await h.prisma.item.update({ where: { id: item.id }, data: { syncSetting: "NEVER" } });
    const res = await h.call(routes.item, "action", await h.request(SHOP_A, `/app/items/${item.id}`, { form: { intent: "syncNow" } }), { id: item.id });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, message: "Not synced: this item is set to Never." });
    expect(await h.prisma.pendingSync.count({ where: { itemId: item.id } })).toBe(0);
    expect(await h.prisma.syncLog.findMany({ where: { itemId: item.id }, select: { shopId: true, decision: true, reason: true, trigger: true } })).toEqual([
      { shopId: SHOP_A, decision: "SKIPPED", reason: "NEVER", trigger: "MANUAL" },
    ]);
  });

  it("cancelling a bulk sync withdraws its unsent syncs in both stores", { timeout: 30_000 }, async () => {
    const [item] = takeProduct().items;
    await h.prisma.item.update({ where: { id: item.id }, data: { syncSetting: "ALWAYS" } });
    const runId = await startRun(routes.items, "/app/items", { intent: "bulk", action: "SYNC", source: "SELECTION", itemIds: JSON.stringify([item.id]) });
    // A worker without the writers: the run queues its syncs and waits for them.
    const { Worker } = await import("../../app/.server/jobs/worker");
    const { PrismaJobQueue } = await import("../../app/.server/jobs/prisma-job-queue");
    const { bulkJobHandlers } = await import("../../app/.server/bulk/handlers");
    const { createLogger } = await import("../../app/.server/logger");
    const silent = createLogger({}, "silent");
    const worker = new Worker({ queue: new PrismaJobQueue(h.prisma), logger: silent, handlers: bulkJobHandlers({ prisma: h.prisma, logger: silent, adminClient: () => ({ request: async () => ({ data: {}, attempts: 1 }) as never }), pollMs: 0 }) });
    for (let i = 0; i < 20 && (await h.prisma.bulkRun.findUniqueOrThrow({ where: { id: runId } })).status !== "WAITING"; i++) await worker.runOnce();
    expect((await h.prisma.pendingSync.findMany({ where: { runId }, select: { shopId: true } })).map((r) => r.shopId).sort()).toEqual([SHOP_A, SHOP_B]);
    const cancel = await h.call(routes.run, "action", await h.request(SHOP_A, `/app/bulk/${runId}`, { form: {} }), { id: runId });
    expect(cancel.status).toBe(200);
    await worker.drain();
    expect((await h.prisma.bulkRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("CANCELLED");
    expect(await h.prisma.pendingSync.count({ where: { itemId: item.id } })).toBe(0);
  });
});
