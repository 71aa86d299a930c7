// The merchant UI's routes through authenticate.admin with real session tokens: what each page returns,
// validation errors (nothing partial saved), and that shop A can neither read nor change shop B's items,
// runs or CSVs through any route.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOP_A, SHOP_B, seedLinkedCatalog, startUiHarness, type LinkedCatalog, type RouteModule, type UiHarness } from "../support/ui/harness";

let h: UiHarness;
let a: LinkedCatalog;
let b: LinkedCatalog;
const routes: Record<string, RouteModule> = {};

beforeAll(async () => {
  h = await startUiHarness();
  a = await seedLinkedCatalog(h.prisma, h.sim, SHOP_A, { products: 8 });
  b = await seedLinkedCatalog(h.prisma, h.sim, SHOP_B, { products: 4 });
  routes.home = await import("../../app/routes/app._index");
  routes.items = await import("../../app/routes/app.items._index");
  routes.item = await import("../../app/routes/app.items.$id");
  routes.issues = await import("../../app/routes/app.items.issues");
  routes.settings = await import("../../app/routes/app.settings");
  routes.bulk = await import("../../app/routes/app.bulk._index");
  routes.run = await import("../../app/routes/app.bulk.$id");
  routes.csv = await import("../../app/routes/app.bulk.$id_.csv");
});
afterAll(() => h?.close());

const json = async (res: Response) => (await res.json()) as Record<string, unknown> & { [k: string]: unknown };

describe("pages load for the session's shop", () => {
  it("home: store, product count, sync health and the budget from the throttle status", async () => {
    const res = await h.call(routes.home, "loader", await h.request(SHOP_A, "/app"));
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.shopName).toBe(h.sim.shop(SHOP_A).name);
    expect(body.productCount).toBe(h.sim.shop(SHOP_A).products.size);
    const throttle = body.throttle as { known: boolean; restoreRate: number; maximumAvailable: number };
    expect(throttle.known).toBe(true);
    expect(throttle.restoreRate).toBe(100);
    const stats = body.stats as { matchedItems: number; byReason: { reason: string; count: number }[]; perMinute: unknown[] };
    expect(stats.matchedItems).toBe(a.items.length);
    expect(stats.byReason).toEqual([expect.objectContaining({ reason: "PROCESSING_ORDERS", count: a.items.length })]);
    expect(stats.perMinute.length).toBeGreaterThanOrEqual(1439);
  });

  it("items: only this shop's matched items", async () => {
    const res = await h.call(routes.items, "loader", await h.request(SHOP_A, "/app/items?sort=sku"));
    const body = (await json(res)) as { page: { total: number; rows: { itemId: string }[] } };
    expect(body.page.total).toBe(a.items.length);
    const ids = new Set(body.page.rows.map((r) => r.itemId));
    for (const item of b.items) expect(ids.has(item.id)).toBe(false);
  });

  it("item detail: rules, inventory with what Shopify shows now, history", async () => {
    const item = a.items[0];
    const res = await h.call(routes.item, "loader", await h.request(SHOP_A, `/app/items/${item.id}`), { id: item.id });
    expect(res.status).toBe(200);
    const body = (await json(res)) as { detail: { sku: string; reasonText: string; effectiveText: string }; live: { available: number }[] };
    expect(body.detail.sku).toBe(item.sku);
    expect(body.detail.reasonText).toBe("Synced: this item is set to Process Orders.");
    expect(body.detail.effectiveText).toBe("Customer Default (Only when item is set to Process Orders)");
    expect(body.live.length).toBeGreaterThan(0);
  });

  it("settings: locations from Shopify and the standard setup", async () => {
    const res = await h.call(routes.settings, "loader", await h.request(SHOP_A, "/app/settings"));
    const body = (await json(res)) as { locations: { id: string }[]; settings: { connection: { connected: boolean } } };
    expect(body.locations.map((l) => l.id)).toContain(a.locationId);
    expect(body.settings.connection.connected).toBe(true);
  });
});

describe("validation errors", () => {
  it("item rules: a bad buffer and an unknown setting are field errors, nothing saved", async () => {
    const item = a.items[1];
    const res = await h.call(
      routes.item,
      "action",
      await h.request(SHOP_A, `/app/items/${item.id}`, { form: { intent: "rules", syncSetting: "SOMETIMES", bufferOverride: "-3" } }),
      { id: item.id },
    );
    expect(res.status).toBe(400);
    const body = (await json(res)) as { fieldErrors: Record<string, string> };
    expect(Object.keys(body.fieldErrors).sort()).toEqual(["bufferOverride", "syncSetting"]);
    const row = await h.prisma.item.findUniqueOrThrow({ where: { id: item.id } });
    expect(row.syncSetting).toBe("CUSTOMER_DEFAULT");
    expect(row.bufferOverride).toBeNull();
  });

  it("settings: one invalid field means nothing is saved", async () => {
    const before = await h.prisma.customer.findUniqueOrThrow({ where: { id: a.customerId } });
    const res = await h.call(
      routes.settings,
      "action",
      await h.request(SHOP_A, "/app/settings", {
        form: {
          intent: "save",
          syncEnabled: "false",
          defaultLocationId: a.locationId,
          defaultSyncSetting: "ALWAYS",
          processOrdersMode: "MANUAL",
          defaultBuffer: "lots",
          driftPolicy: "FLAG",
          "warehouse.1": "gid://shopify/Location/999999",
        },
      }),
    );
    expect(res.status).toBe(400);
    const body = (await json(res)) as { fieldErrors: Record<string, string> };
    expect(body.fieldErrors.defaultBuffer).toMatch(/whole number/);
    expect(body.fieldErrors["warehouse.1"]).toMatch(/locations/);
    const after = await h.prisma.customer.findUniqueOrThrow({ where: { id: a.customerId } });
    expect(after).toEqual(before);
    expect((await h.prisma.shop.findUniqueOrThrow({ where: { id: SHOP_A } })).syncEnabled).toBe(true);
    expect(await h.prisma.warehouseLocation.count({ where: { shopId: SHOP_A } })).toBe(0);
  });

  it("settings: a valid save writes everything and queues a resync", async () => {
    const res = await h.call(
      routes.settings,
      "action",
      await h.request(SHOP_A, "/app/settings", {
        form: {
          intent: "save",
          syncEnabled: "true",
          defaultLocationId: a.locationId,
          defaultSyncSetting: "PROCESS_ORDERS_ONLY",
          processOrdersMode: "ON_RECEIPT_OFF_AT_SELLOUT",
          defaultBuffer: "2",
          driftPolicy: "CORRECT",
          "warehouse.1": a.locationId,
        },
      }),
    );
    expect(res.status).toBe(200);
    expect((await h.prisma.customer.findUniqueOrThrow({ where: { id: a.customerId } })).defaultBuffer).toBe(2);
    expect(await h.prisma.warehouseLocation.count({ where: { shopId: SHOP_A } })).toBe(1);
    expect(await h.prisma.job.count({ where: { name: "ui.resync", shopId: SHOP_A } })).toBe(1);
    // Back to no buffer for the tests below.
    await h.prisma.customer.update({ where: { id: a.customerId }, data: { defaultBuffer: 0 } });
  });

  it("bulk: Set Sync Inventory without a setting, and a filter without a name, are refused", async () => {
    const res = await h.call(
      routes.items,
      "action",
      await h.request(SHOP_A, "/app/items", { form: { intent: "bulk", action: "SET_SETTING", source: "SELECTION", itemIds: JSON.stringify([a.items[0].id]) } }),
    );
    expect(res.status).toBe(400);
    expect(((await json(res)) as { fieldErrors: Record<string, string> }).fieldErrors.setting).toBeTruthy();
    const save = await h.call(routes.items, "action", await h.request(SHOP_A, "/app/items", { form: { intent: "saveFilter", name: " ", query: "setting=NEVER" } }));
    expect(save.status).toBe(400);
    expect(await h.prisma.bulkRun.count()).toBe(0);
  });
});

describe("saved filters", () => {
  it("a saved Items filter becomes a tab and a bulk source", async () => {
    const res = await h.call(routes.items, "action", await h.request(SHOP_A, "/app/items", { form: { intent: "saveFilter", name: "Processing", query: "po=on&sort=whiplash&page=3" } }));
    expect(res.status).toBe(200);
    const saved = await h.prisma.savedItemFilter.findFirstOrThrow({ where: { shopId: SHOP_A, name: "Processing" } });
    expect(saved.query).toBe("po=on");
    const items = (await json(await h.call(routes.items, "loader", await h.request(SHOP_A, "/app/items")))) as { savedFilters: { id: string; name: string }[] };
    expect(items.savedFilters.map((f) => f.name)).toContain("Processing");
    const bulk = (await json(await h.call(routes.bulk, "loader", await h.request(SHOP_A, "/app/bulk")))) as {
      filters: { id: string }[];
      searches: { name: string }[];
    };
    expect(bulk.filters.map((f) => f.id)).toContain(saved.id);
    expect(bulk.searches.map((s) => s.name)).toEqual(["Hoodies", "Low stock", "Clearance"]);
    // Shop B sees neither.
    const other = (await json(await h.call(routes.items, "loader", await h.request(SHOP_B, "/app/items")))) as { savedFilters: unknown[] };
    expect(other.savedFilters).toEqual([]);
  });
});

describe("shop A cannot read or change shop B's data", () => {
  it("item detail answers 404 for another shop's item", async () => {
    const res = await h.call(routes.item, "loader", await h.request(SHOP_A, `/app/items/${b.items[0].id}`), { id: b.items[0].id });
    expect(res.status).toBe(404);
  });

  it("item actions answer 404 and change nothing", async () => {
    const target = b.items[0];
    const before = await h.prisma.item.findUniqueOrThrow({ where: { id: target.id } });
    const forms: Record<string, string>[] = [
      { intent: "rules", syncSetting: "NEVER", bufferOverride: "5" },
      { intent: "processOrders", processOrders: "off" },
      { intent: "syncNow" },
    ];
    for (const form of forms) {
      const res = await h.call(routes.item, "action", await h.request(SHOP_A, `/app/items/${target.id}`, { form }), { id: target.id });
      expect(res.status, form.intent).toBe(404);
    }
    expect(await h.prisma.item.findUniqueOrThrow({ where: { id: target.id } })).toEqual(before);
    expect(await h.prisma.pendingSync.count({ where: { itemId: target.id } })).toBe(0);
    expect(await h.prisma.syncLog.count({ where: { itemId: target.id } })).toBe(0);
  });

  it("a bulk selection with another shop's ids acts on own items only", async () => {
    const { Worker } = await import("../../app/.server/jobs/worker");
    const { PrismaJobQueue } = await import("../../app/.server/jobs/prisma-job-queue");
    const { bulkJobHandlers } = await import("../../app/.server/bulk/handlers");
    const { createLogger } = await import("../../app/.server/logger");
    const res = await h.call(
      routes.items,
      "action",
      await h.request(SHOP_A, "/app/items", {
        form: { intent: "bulk", action: "SET_SETTING", setting: "NEVER", source: "SELECTION", itemIds: JSON.stringify([a.items[2].id, b.items[1].id]) },
      }),
    );
    expect(res.status).toBe(302);
    const runId = res.headers.get("Location")!.split("/").pop()!.split("?")[0];
    const worker = new Worker({
      queue: new PrismaJobQueue(h.prisma),
      handlers: bulkJobHandlers({ prisma: h.prisma, logger: createLogger({}, "silent"), adminClient: () => ({ request: async () => ({ data: {}, attempts: 1 }) as never }), pollMs: 0 }),
      logger: createLogger({}, "silent"),
    });
    await worker.drain();
    const run = await h.prisma.bulkRun.findUniqueOrThrow({ where: { id: runId }, include: { items: true } });
    expect(run.status).toBe("DONE");
    expect(run.items.find((i) => i.itemId === a.items[2].id)?.outcome).toBe("UPDATED");
    expect(run.items.find((i) => i.itemId === b.items[1].id)).toMatchObject({ outcome: "SKIPPED", reason: "UNMATCHED" });
    expect((await h.prisma.item.findUniqueOrThrow({ where: { id: a.items[2].id } })).syncSetting).toBe("NEVER");
    expect((await h.prisma.item.findUniqueOrThrow({ where: { id: b.items[1].id } })).syncSetting).toBe("CUSTOMER_DEFAULT");
  });

  it("another shop's bulk run, its cancel and its CSV answer 404", async () => {
    const run = await h.prisma.bulkRun.create({
      data: { shopId: SHOP_B, action: "SYNC", sourceKind: "SELECTION", sourceLabel: "1 selected item", sourceRef: "{}" },
    });
    await h.prisma.bulkRunItem.create({ data: { runId: run.id, itemId: b.items[0].id, sku: b.items[0].sku, outcome: "WRITTEN" } });
    expect((await h.call(routes.run, "loader", await h.request(SHOP_A, `/app/bulk/${run.id}`), { id: run.id })).status).toBe(404);
    expect((await h.call(routes.run, "action", await h.request(SHOP_A, `/app/bulk/${run.id}`, { form: {} }), { id: run.id })).status).toBe(404);
    expect((await h.prisma.bulkRun.findUniqueOrThrow({ where: { id: run.id } })).cancelRequested).toBe(false);
    expect((await h.call(routes.csv, "loader", await h.request(SHOP_A, `/app/bulk/${run.id}/csv`), { id: run.id })).status).toBe(404);
    // ...while shop B itself gets its CSV.
    const own = await h.call(routes.csv, "loader", await h.request(SHOP_B, `/app/bulk/${run.id}/csv`), { id: run.id });
    expect(own.status).toBe(200);
    expect(await own.text()).toContain(`${b.items[0].id},${b.items[0].sku},WRITTEN`);
  });

  it("an app saved filter of another shop cannot be used as a bulk source", async () => {
    const filter = await h.prisma.savedItemFilter.create({ data: { shopId: SHOP_B, name: "B's filter", query: "setting=NEVER" } });
    const res = await h.call(
      routes.bulk,
      "action",
      await h.request(SHOP_A, "/app/bulk", { form: { source: `filter:${filter.id}`, action: "SYNC" } }),
    );
    expect(res.status).toBe(404);
  });

  it("the items list filters never leak another shop's rows", async () => {
    for (const qs of ["reason=SYNC", "reason=SKIP", "q=SKU", "mismatch=yes", "setting=CUSTOMER_DEFAULT"]) {
      const res = await h.call(routes.items, "loader", await h.request(SHOP_A, `/app/items?${qs}`));
      const rows = ((await json(res)) as { page: { rows: { itemId: string }[] } }).page.rows;
      for (const r of rows) expect(b.items.some((i) => i.id === r.itemId), qs).toBe(false);
    }
  });
});
