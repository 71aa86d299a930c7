// A dead-lettered writer is restarted (issue 12 item 6). A shop writer job that fails for good (a Shopify
// outage outlasting its retries, or a call-level refusal such as 423 "shop locked") leaves the shop's
// pending rows in place; before the sweep they waited for the next warehouse event of that store. The
// writer sweep (a platform job, singleton, every minute, and once at worker start) kicks the writer of
// every shop with pending rows and no writer waiting or running. The real worker, queue, shop writer and
// Admin client against the Shopify simulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifySimulator, type ShopifySim } from "../../simulators/shopify";
import { createAppHarness, silent, type AppHarness } from "../support/platform/app-harness";
import { listJobs } from "../support/test-queue";
import { exchangeOfflineToken } from "../support/platform/sim-admin";
import { Worker } from "../../app/.server/jobs/worker";
import { platformJobHandlers } from "../../app/.server/wiring/platform-jobs";
import { shopWriterJobHandlers } from "../../app/.server/sync/writer/writer-jobs";
import { kickWriter } from "../../app/.server/sync/kick-writer";
import { PLATFORM_JOBS, SHOP_WRITER_JOB } from "../../app/.server/jobs/registry";
import { WRITER_SWEEP_EVERY_MS, ensureWriterSweep, sweepWriters } from "../../app/.server/sync/writer-sweep";

const SHOP = "sweep.myshopify.com";
const QUIET = "sweep-quiet.myshopify.com";
const ITEMS = 30;
let sim: ShopifySim;
let h: AppHarness;
let location: string;

beforeAll(async () => {
  sim = await startShopifySimulator({ port: 0, apiKey: "demo-api-key", apiSecret: "demo-api-secret", appUrl: "http://127.0.0.1:3000", seed: false });
  h = await createAppHarness({ adminBaseUrl: sim.url });
  sim.createShop(SHOP, { products: 0 });
  const inventoryItemIds = sim.addVariants(SHOP, ITEMS, { available: 0 });
  location = `gid://shopify/Location/${[...sim.shop(SHOP).locations.keys()][0]}`;
  const customer = await h.prisma.customer.create({ data: { whiplashCustomerId: 4242, defaultSyncSetting: "ALWAYS" } });
  await h.prisma.shop.create({ data: { id: SHOP, customerId: customer.id, defaultLocationId: location } });
  await h.prisma.shop.create({ data: { id: QUIET, customerId: customer.id, defaultLocationId: location } });
  await h.prisma.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: await exchangeOfflineToken(sim, SHOP) } });
  for (const [i, inventoryItemId] of inventoryItemIds.entries()) {
    const item = await h.prisma.item.create({ data: { customerId: customer.id, whiplashItemId: i + 1, sku: `S${i}`, stock: { create: { warehouseId: 1, sellable: 8 } } } });
    await h.prisma.itemLink.create({ data: { shopId: SHOP, itemId: item.id, productId: `gid://shopify/Product/${i}`, variantId: `gid://shopify/ProductVariant/${i}`, inventoryItemId } });
    await h.prisma.pendingSync.create({ data: { shopId: SHOP, itemId: item.id, locationId: location, wanted: 8, trigger: "WEBHOOK" } });
  }
}, 60_000);
afterAll(async () => {
  await sim?.close();
  await h?.db.drop();
});

function worker(): Worker {
  const deps = h.deps();
  return new Worker({ queue: deps.queue, handlers: { ...shopWriterJobHandlers(h.prisma, silent), ...platformJobHandlers(deps) }, logger: silent, workerId: "sweep-test" });
}

describe("writer sweep", () => {
  it("restarts a dead-lettered writer whose shop still has pending rows, and it drains them", { timeout: 60_000 }, async () => {
    const queue = h.deps().queue;
    // Shopify answers the writer's first call with 423 (shop locked): the run stops, its job is dead-lettered.
    sim.addFault({ kind: "status", status: 423, operation: "mutation", times: 1 });
    await kickWriter(queue, SHOP);
    const first = await worker().drain();
    expect(first.failed).toBe(1);
    expect((await queue.countsByState({ name: SHOP_WRITER_JOB, shopId: SHOP })).failed).toBe(1);
    expect(await h.prisma.pendingSync.count({ where: { shopId: SHOP } })).toBe(ITEMS);
    // Nothing else would ever run it: no warehouse event is coming for this store.
    expect(await worker().drain()).toMatchObject({ claimed: 0 });

    // The sweep's periodic job comes due.
    await ensureWriterSweep(queue, new Date(), 0);
    await worker().drain();

    expect(await h.prisma.pendingSync.count({ where: { shopId: SHOP } })).toBe(0);
    const levels = sim.inventoryLevels(SHOP, { locationId: location });
    expect(levels.filter((l) => l.available === 8)).toHaveLength(ITEMS);
    // It scheduled its next run, a minute later (one waiting sweep at most: singleton).
    const waiting = await listJobs(h.db, { name: PLATFORM_JOBS.writerSweep, states: ["created"] });
    expect(waiting).toHaveLength(1);
    expect(waiting[0].startAfter.getTime()).toBeGreaterThan(Date.now() + WRITER_SWEEP_EVERY_MS - 10_000);
  });

  it("kicks only shops with pending rows and no writer waiting or running", async () => {
    const queue = h.deps().queue;
    const [item] = await h.prisma.item.findMany({ take: 1 });
    await h.prisma.pendingSync.create({ data: { shopId: SHOP, itemId: item.id, locationId: location, wanted: 9, trigger: "WEBHOOK" } });
    // A writer is already waiting for the shop: nothing to add.
    await kickWriter(queue, SHOP);
    expect(await sweepWriters({ prisma: h.prisma, queue })).toEqual({ kicked: [] });
    const claimed = await queue.fetch([SHOP_WRITER_JOB], { workerId: "elsewhere", limit: 1, lockMs: 60_000 });
    expect(claimed).toHaveLength(1);
    // Running (claimed by another worker): still nothing to add.
    expect(await sweepWriters({ prisma: h.prisma, queue })).toEqual({ kicked: [] });
    await queue.fail(claimed[0].id, "elsewhere", new Error("gone"), { permanent: true });
    // Dead-lettered: the sweep kicks it; the quiet shop (no pending rows) is left alone.
    expect(await sweepWriters({ prisma: h.prisma, queue })).toEqual({ kicked: [SHOP] });
    expect(await sweepWriters({ prisma: h.prisma, queue })).toEqual({ kicked: [] });
    expect((await queue.countsByState({ name: SHOP_WRITER_JOB, shopId: QUIET })).created).toBe(0);
  });
});

describe("a writer job meeting a dead worker's lease", () => {
  it("waits for the lease to expire without spending a retry, then drains the shop", { timeout: 60_000 }, async () => {
    const queue = h.deps().queue;
    const [item] = await h.prisma.item.findMany({ take: 1, orderBy: { whiplashItemId: "asc" } });
    await h.prisma.pendingSync.deleteMany({ where: { shopId: SHOP } });
    await h.prisma.itemWarehouseStock.updateMany({ where: { itemId: item.id }, data: { sellable: 5 } });
    await h.prisma.pendingSync.create({ data: { shopId: SHOP, itemId: item.id, locationId: location, wanted: 5, trigger: "WEBHOOK" } });
    // A SIGKILLed worker left the shop's writer lease behind; it runs out on its own.
    const expiresAt = new Date(Date.now() + 3_000);
    await h.prisma.lease.upsert({
      where: { name: `shop-writer:${SHOP}` },
      create: { name: `shop-writer:${SHOP}`, owner: "worker@dead:1:gone", expiresAt },
      update: { owner: "worker@dead:1:gone", expiresAt },
    });
    await kickWriter(queue, SHOP);
    const failedBefore = (await queue.countsByState({ name: SHOP_WRITER_JOB, shopId: SHOP })).failed;

    await worker().drain();
    // A busy lease is not a failure: the job comes back when the lease expires, with no attempt counted
    // (before: a failed attempt every 5 s, dead-lettered after six while a 30 s lease outlived them).
    const [waiting] = await listJobs(h.db, { name: SHOP_WRITER_JOB, shopId: SHOP, states: ["created", "retry"] });
    expect(waiting).toMatchObject({ retryCount: 0 });
    expect(waiting.startAfter.getTime()).toBeGreaterThanOrEqual(expiresAt.getTime());
    expect(waiting.startAfter.getTime()).toBeLessThan(expiresAt.getTime() + 2_000);

    await new Promise((resolve) => setTimeout(resolve, waiting.startAfter.getTime() - Date.now() + 50));
    expect(await worker().drain()).toMatchObject({ failed: 0 });
    expect(await h.prisma.pendingSync.count({ where: { shopId: SHOP } })).toBe(0);
    expect((await queue.countsByState({ name: SHOP_WRITER_JOB, shopId: SHOP })).failed).toBe(failedBefore);
    expect(sim.inventoryLevels(SHOP, { locationId: location }).filter((l) => l.available === 5)).toHaveLength(1);
  });
});
