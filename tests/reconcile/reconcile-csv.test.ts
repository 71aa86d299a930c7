// Issue 14 item 4: a reconciliation report keeps EVERY discrepancy (no 500 cap), stored in chunks as the
// collect job appends each page's findings; the page shows the first 500 with the count, and the CSV
// route streams all of them, only for the session's shop. Erasing a shop erases its rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOP_A, SHOP_B, seedLinkedCatalog, startUiHarness, type RouteModule, type UiHarness } from "../support/ui/harness";
import { appendDiscrepancies, createRunningReport, finishReport, type DiscrepancyRowInput } from "../../app/.server/db/reconcile-reports";
import { eraseShopData } from "../../app/.server/db/erase-shop-data";
import { RECONCILE_CSV_HEADER } from "../../app/.server/reconcile/reconcile-csv";

let h: UiHarness;
const routes: Record<string, RouteModule> = {};
const reports: Record<string, string> = {};
const TOTAL_A = 1200;

function rows(prefix: string, n: number, locationId: string): DiscrepancyRowInput[] {
  return Array.from({ length: n }, (_, i) => ({
    itemId: `${prefix}-item-${i}`,
    sku: `${prefix}-SKU-${String(i).padStart(4, "0")}`,
    variantId: `gid://shopify/ProductVariant/${i + 1}`,
    locationId,
    kind: i % 2 ? "DRIFT" : "BEHIND",
    expected: 25,
    shopify: i % 3 === 0 ? null : i,
    action: i % 2 ? "FLAGGED" : "QUEUED",
    note: i === 0 ? "=cmd|' /C calc'!A0" : `note ${i}, with a comma`,
  }));
}

/** A DONE report whose discrepancies are appended the way the collect job does: one call per page of items. */
async function seedReport(shop: string, prefix: string, n: number, locationId: string, at: Date) {
  const report = await createRunningReport(h.prisma, { shopId: shop, trigger: "MANUAL", bulkOperationId: `gid://shopify/BulkOperation/${prefix}`, startedAt: at });
  const all = rows(prefix, n, locationId);
  for (let first = 0; first < n; first += 1000) await appendDiscrepancies(h.prisma, report, first, all.slice(first, first + 1000));
  await finishReport(h.prisma, report.id, "DONE", at, { checked: n + 5, matching: 5, discrepancies: n, corrected: Math.ceil(n / 2), flagged: Math.floor(n / 2) });
  return report.id;
}

beforeAll(async () => {
  h = await startUiHarness();
  const a = await seedLinkedCatalog(h.prisma, h.sim, SHOP_A, { products: 1 });
  const b = await seedLinkedCatalog(h.prisma, h.sim, SHOP_B, { products: 1 });
  reports.a = await seedReport(SHOP_A, "a", TOTAL_A, a.locationId, new Date("2026-11-01T10:00:00Z"));
  reports.b = await seedReport(SHOP_B, "b", 3, b.locationId, new Date("2026-11-01T11:00:00Z"));
  routes.page = await import("../../app/routes/app.reconcile");
  routes.csv = await import("../../app/routes/app.reconcile_.csv");
}, 60_000);
afterAll(async () => h?.close());

async function csv(shop: string, query = ""): Promise<{ status: number; lines: string[] }> {
  const res = await h.call(routes.csv, "loader", await h.request(shop, `/app/reconcile/csv${query}`));
  if (res.status !== 200) return { status: res.status, lines: [] };
  expect(res.headers.get("Content-Type")).toContain("text/csv");
  return { status: 200, lines: (await res.text()).trim().split("\n") };
}

type PageData = { view: { report: { id: string; discrepancies: number; truncated: boolean; rows: { sku: string }[] } } };

describe("reconciliation report without a cap", () => {
  it("keeps all 1,200 discrepancies; the page shows the first 500 with the count", async () => {
    expect(await h.prisma.reconcileDiscrepancy.count({ where: { shopId: SHOP_A, reportId: reports.a } })).toBe(TOTAL_A);
    const res = await h.call(routes.page, "loader", await h.request(SHOP_A, "/app/reconcile"));
    expect(res.status).toBe(200);
    const { view } = (await res.json()) as PageData;
    expect(view.report.discrepancies).toBe(TOTAL_A);
    expect(view.report.truncated).toBe(true);
    expect(view.report.rows).toHaveLength(500);
    expect(view.report.rows[0].sku).toBe("a-SKU-0000");
    expect(view.report.rows[499].sku).toBe("a-SKU-0499");
  });

  it("the CSV has a header and every discrepancy, in the order found, safe for spreadsheets", async () => {
    const { status, lines } = await csv(SHOP_A);
    expect(status).toBe(200);
    expect(lines[0]).toBe(RECONCILE_CSV_HEADER.join(","));
    expect(lines).toHaveLength(1 + TOTAL_A);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(rows("a", TOTAL_A, "").map((r) => r.sku));
    expect(lines[1]).toContain("'=cmd"); // a formula is never handed to a spreadsheet as one
    expect(lines[2]).toContain('"note 1, with a comma"');
    expect((await csv(SHOP_A, `?report=${reports.a}`)).lines).toHaveLength(1 + TOTAL_A);
  });

  it("is scoped by shop: another shop's CSV has only its rows, and cannot ask for this shop's report", async () => {
    const b = await csv(SHOP_B);
    expect(b.lines).toHaveLength(1 + 3);
    expect(b.lines.slice(1).every((l) => l.startsWith("b-SKU-"))).toBe(true);
    expect((await csv(SHOP_B, `?report=${reports.a}`)).status).toBe(404);
  });

  it("erasing the shop erases its discrepancies and leaves the other shop's", async () => {
    await eraseShopData(h.prisma, SHOP_A);
    expect(await h.prisma.reconcileDiscrepancy.count({ where: { shopId: SHOP_A } })).toBe(0);
    expect(await h.prisma.reconcileDiscrepancy.count({ where: { shopId: SHOP_B } })).toBe(3);
  });
});
