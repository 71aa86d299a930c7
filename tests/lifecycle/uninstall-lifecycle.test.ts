// Uninstall -> (reinstall within 48 h | purge after 48 h), driven by a fixed clock (no sleeps).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/test-db";
import { PrismaJobQueue } from "../../app/.server/jobs/prisma-job-queue";
import { Worker } from "../../app/.server/jobs/worker";
import { platformJobHandlers } from "../../app/.server/wiring/platform-jobs";
import { PLATFORM_JOBS } from "../../app/.server/jobs/registry";
import { UNINSTALL_RETENTION_MS } from "../../app/.server/lifecycle/uninstall";
import { markShopUninstalled, restoreOnReinstall } from "../../app/.server/lifecycle/uninstall";
import type { PlatformJobDeps } from "../../app/.server/wiring/deps";
import { noAdmin, seedShop, silent } from "../support/platform/app-harness";

const SHOP = "lifecycle.myshopify.com";
const HOUR = 3600_000;
let db: TestDb;
let clock: Date;
let deps: PlatformJobDeps;
const at = (ms: number) => (clock = new Date(clock.getTime() + ms));

beforeEach(async () => {
  db = await createTestDb();
  clock = new Date("2026-05-01T12:00:00Z");
  const now = () => clock;
  deps = { prisma: db.prisma, queue: new PrismaJobQueue(db.prisma, { now }), logger: silent, now, adminClient: noAdmin, fetch };
  const { customerId } = await seedShop(db.prisma, SHOP, { installedAt: new Date("2026-04-01T00:00:00Z") });
  await db.prisma.warehouseLocation.create({ data: { shopId: SHOP, warehouseId: 7, locationId: "gid://shopify/Location/9" } });
  await db.prisma.shop.update({ where: { id: SHOP }, data: { syncEnabled: false } });
  const item = await db.prisma.item.create({ data: { customerId: customerId!, whiplashItemId: 1, sku: "A", syncSetting: "ALWAYS" } });
  await db.prisma.itemLink.create({ data: { shopId: SHOP, itemId: item.id, productId: "p", variantId: "v", inventoryItemId: "ii" } });
});
afterEach(() => db.drop());

const worker = () => new Worker({ queue: deps.queue, handlers: platformJobHandlers(deps), logger: silent, workerId: "w" });
const shopRow = () => db.prisma.shop.findUnique({ where: { id: SHOP }, include: { warehouses: true, links: true } });

describe("uninstall lifecycle", () => {
  it("reinstall within 48 h restores the kept settings; the purge then does nothing", async () => {
    await markShopUninstalled(deps, SHOP, clock);
    at(47 * HOUR);
    expect(await restoreOnReinstall(deps, SHOP)).toBe("restored");
    const row = await shopRow();
    expect(row?.uninstalledAt).toBeNull();
    expect(row?.installedAt).toEqual(clock);
    expect(row?.syncEnabled).toBe(false);
    expect(row?.warehouses).toHaveLength(1);
    expect(row?.links).toHaveLength(1);
    at(2 * HOUR);
    await worker().drain();
    expect(await shopRow()).not.toBeNull();
    expect(await restoreOnReinstall(deps, SHOP)).toBe("active");
  });

  it("the purge erases the shop 48 h after the uninstall", async () => {
    await markShopUninstalled(deps, SHOP, clock);
    at(47 * HOUR);
    await worker().drain();
    expect(await shopRow()).not.toBeNull(); // not due yet
    at(1 * HOUR);
    await worker().drain();
    expect(await shopRow()).toBeNull();
    expect(await db.prisma.item.count()).toBe(0);
    const purge = await db.prisma.job.findFirstOrThrow({ where: { name: PLATFORM_JOBS.purgeUninstalled } });
    expect(purge.state).toBe("completed");
  });

  it("a reinstall after 48 h whose purge has not run starts fresh, keeping the new session", async () => {
    await markShopUninstalled(deps, SHOP, clock);
    at(UNINSTALL_RETENTION_MS + HOUR);
    await db.prisma.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: "new" } });
    expect(await restoreOnReinstall(deps, SHOP)).toBe("expired");
    expect(await shopRow()).toBeNull();
    expect(await db.prisma.session.count({ where: { shop: SHOP } })).toBe(1);
  });

  it("uninstall, reinstall, uninstall: only the latest uninstall's purge erases", async () => {
    await markShopUninstalled(deps, SHOP, clock);
    at(HOUR);
    await restoreOnReinstall(deps, SHOP);
    at(HOUR);
    await markShopUninstalled(deps, SHOP, clock);
    at(47 * HOUR); // first purge due, second not
    await worker().drain();
    expect(await shopRow()).not.toBeNull();
    at(HOUR);
    await worker().drain();
    expect(await shopRow()).toBeNull();
  });

  it("new and unknown shops", async () => {
    expect(await restoreOnReinstall(deps, "other.myshopify.com")).toBe("new");
  });
});
