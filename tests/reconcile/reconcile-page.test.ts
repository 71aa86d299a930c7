// The Reconciliation page through authenticate.admin with real session tokens: the loader shows the
// session shop's latest report (never another shop's), the action queues a reconciliation for this shop
// only, and the Home page carries the one-line summary.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOP_A, SHOP_B, seedLinkedCatalog, startUiHarness, type LinkedCatalog, type RouteModule, type UiHarness } from "../support/ui/harness";

let h: UiHarness;
let a: LinkedCatalog;
let b: LinkedCatalog;
const routes: Record<string, RouteModule> = {};
const JOB = "platform.reconcile";

type View = {
  connected: boolean;
  view: {
    activity: string;
    driftedItems: number;
    report: null | {
      id: string;
      status: string;
      checked: number;
      matching: number;
      discrepancies: number;
      corrected: number;
      flagged: number;
      rows: { sku: string; itemId: string; shopify: number | null; expected: number; kindLabel: string; actionLabel: string }[];
    };
  } | null;
};

beforeAll(async () => {
  h = await startUiHarness();
  a = await seedLinkedCatalog(h.prisma, h.sim, SHOP_A, { products: 3 });
  b = await seedLinkedCatalog(h.prisma, h.sim, SHOP_B, { products: 2 });
  routes.page = await import("../../app/routes/app.reconcile");
  routes.home = await import("../../app/routes/app._index");
});
afterAll(() => h?.close());

const load = async (shop: string) => {
  const res = await h.call(routes.page, "loader", await h.request(shop, "/app/reconcile"));
  expect(res.status).toBe(200);
  return (await res.json()) as View;
};
const discrepancy = (item: LinkedCatalog["items"][number], locationId: string, shopify: number, expected: number) => ({
  itemId: item.id,
  sku: item.sku,
  variantId: item.variantId,
  locationId,
  kind: "DRIFT",
  expected,
  shopify,
  action: "FLAGGED",
  note: "Changed in Shopify outside the app; left as is (drift policy: flag).",
});

describe("reconciliation page", () => {
  it("shows the empty state when the shop has no report", async () => {
    const body = await load(SHOP_A);
    expect(body.connected).toBe(true);
    expect(body.view).toMatchObject({ activity: "IDLE", report: null });
  });

  it("shows this shop's latest finished report and never another shop's", async () => {
    const older = new Date("2026-03-01T00:00:00Z");
    const newer = new Date("2026-03-02T00:00:00Z");
    await h.prisma.reconcileReport.create({
      data: { shopId: SHOP_A, trigger: "SCHEDULED", status: "DONE", startedAt: older, finishedAt: older, checked: 1, matching: 1 },
    });
    const mine = await h.prisma.reconcileReport.create({
      data: {
        shopId: SHOP_A,
        trigger: "MANUAL",
        status: "DONE",
        startedAt: newer,
        finishedAt: newer,
        checked: a.items.length,
        matching: a.items.length - 1,
        discrepancies: 1,
        flagged: 1,
        detail: JSON.stringify([discrepancy(a.items[0], a.locationId, 3, 7)]),
      },
    });
    // Shop B has a later report with its own discrepancy: it must not show on A's page.
    const theirs = await h.prisma.reconcileReport.create({
      data: {
        shopId: SHOP_B,
        trigger: "MANUAL",
        status: "DONE",
        startedAt: new Date("2026-03-05T00:00:00Z"),
        finishedAt: new Date("2026-03-05T00:00:00Z"),
        checked: 99,
        discrepancies: 1,
        flagged: 1,
        detail: JSON.stringify([discrepancy(b.items[0], b.locationId, 1, 2)]),
      },
    });
    await h.prisma.reconcileReport.create({ data: { shopId: SHOP_B, trigger: "MANUAL", status: "RUNNING" } });
    await h.prisma.itemLink.updateMany({ where: { shopId: SHOP_B }, data: { driftDetectedAt: new Date() } });

    const body = await load(SHOP_A);
    const report = body.view!.report!;
    expect(report).toMatchObject({ id: mine.id, status: "DONE", checked: a.items.length, matching: a.items.length - 1, discrepancies: 1, flagged: 1 });
    expect(report.rows).toEqual([
      expect.objectContaining({ sku: a.items[0].sku, itemId: a.items[0].id, shopify: 3, expected: 7, kindLabel: "Changed in Shopify", actionLabel: "Flagged, left as is" }),
    ]);
    expect(body.view!.activity).toBe("IDLE");
    expect(body.view!.driftedItems).toBe(0);
    expect(JSON.stringify(body)).not.toContain(b.items[0].id);
    expect(JSON.stringify(body)).not.toContain(theirs.id);

    const other = await load(SHOP_B);
    expect(other.view!.report!.id).toBe(theirs.id);
    expect(other.view!.activity).toBe("RUNNING");
    expect(other.view!.driftedItems).toBe(b.items.length);
  });

  it("home carries the latest reconciliation summary", async () => {
    const res = await h.call(routes.home, "loader", await h.request(SHOP_A, "/app"));
    const body = (await res.json()) as { reconcile: { running: boolean; text: string } | null };
    expect(body.reconcile).toMatchObject({ running: false });
    expect(body.reconcile!.text).toContain("1 discrepancies");
  });

  it("the action queues a reconciliation for this shop only, once while it waits", async () => {
    const before = await h.prisma.job.count({ where: { name: JOB, shopId: SHOP_B } });
    const res = await h.call(routes.page, "action", await h.request(SHOP_A, "/app/reconcile", { form: {} }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, message: "Reconciliation started." });
    const jobs = await h.prisma.job.findMany({ where: { name: JOB } });
    const mine = jobs.filter((j) => j.shopId === SHOP_A);
    expect(mine).toHaveLength(1);
    expect(JSON.parse(mine[0].data)).toEqual({ shopId: SHOP_A, trigger: "MANUAL" });
    expect(jobs.filter((j) => j.shopId === SHOP_B)).toHaveLength(before);
    expect(jobs.every((j) => j.shopId === SHOP_A || JSON.parse(j.data).shopId !== SHOP_A)).toBe(true);

    // A second click while it waits queues nothing more; the page says it is waiting.
    const again = await h.call(routes.page, "action", await h.request(SHOP_A, "/app/reconcile", { form: {} }));
    expect(await again.json()).toMatchObject({ ok: true, message: "A reconciliation is already waiting to start." });
    expect(await h.prisma.job.count({ where: { name: JOB, shopId: SHOP_A } })).toBe(1);
    expect((await load(SHOP_A)).view!.activity).toBe("QUEUED");
  });

  it("an unconnected shop is asked to connect and cannot queue one", async () => {
    await h.prisma.shop.update({ where: { id: SHOP_B }, data: { customerId: null } });
    try {
      const body = await load(SHOP_B);
      expect(body).toMatchObject({ connected: false, view: null });
      const res = await h.call(routes.page, "action", await h.request(SHOP_B, "/app/reconcile", { form: {} }));
      expect(res.status).toBe(409);
      expect(await h.prisma.job.count({ where: { name: JOB, shopId: SHOP_B } })).toBe(0);
    } finally {
      await h.prisma.shop.update({ where: { id: SHOP_B }, data: { customerId: b.customerId } });
    }
  });
});
