// The Activity page and its CSV (issue 14, item 4), through the real route modules with session tokens:
// the store-wide sync log with filters (item, decision, reason, dates), paged, only this shop's rows; the
// CSV streams every row the filters select, beyond any page size.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOP_A, SHOP_B, seedLinkedCatalog, startUiHarness, type LinkedCatalog, type RouteModule, type UiHarness } from "../support/ui/harness";
import { appendSyncLogs, type SyncLogInput } from "../../app/.server/db/sync-log";
import { ACTIVITY_CSV_HEADER } from "../../app/.server/views/activity";

let h: UiHarness;
let a: LinkedCatalog;
let b: LinkedCatalog;
const routes: Record<string, RouteModule> = {};
const DAY1 = new Date("2026-11-01T10:00:00Z");
const DAY2 = new Date("2026-11-02T10:00:00Z");

type Row = { id: number; sku: string | null; decision: string; reason: string; text: string };
type Page = { connected: boolean; rows: Row[]; olderThan: number | null };

beforeAll(async () => {
  h = await startUiHarness();
  a = await seedLinkedCatalog(h.prisma, h.sim, SHOP_A, { products: 3 });
  b = await seedLinkedCatalog(h.prisma, h.sim, SHOP_B, { products: 2 });
  const rows: SyncLogInput[] = [];
  // 1,200 writes of item 0 on day 1, then on day 2 a Never skip of item 1 and a failure of item 2.
  for (let i = 0; i < 1200; i++) {
    rows.push({ shopId: SHOP_A, itemId: a.items[0].id, locationId: a.locationId, trigger: "WEBHOOK", decision: "SYNCED", reason: "PROCESSING_ORDERS", quantityBefore: i, quantityAfter: i + 1, createdAt: DAY1 });
  }
  rows.push({ shopId: SHOP_A, itemId: a.items[1].id, locationId: a.locationId, trigger: "WEBHOOK", decision: "SKIPPED", reason: "NEVER", quantityAfter: 24, createdAt: DAY2 });
  rows.push({ shopId: SHOP_A, itemId: a.items[2].id, locationId: a.locationId, trigger: "MANUAL", decision: "FAILED", reason: "NOT_TRACKED_AT_LOCATION", error: "=cmd|' /C calc'!A0", createdAt: DAY2 });
  rows.push({ shopId: SHOP_B, itemId: b.items[0].id, locationId: b.locationId, trigger: "WEBHOOK", decision: "SKIPPED", reason: "NEVER", quantityAfter: 3, createdAt: DAY2 });
  await appendSyncLogs(h.prisma, rows);
  routes.activity = await import("../../app/routes/app.activity");
  routes.csv = await import("../../app/routes/app.activity_.csv");
}, 60_000);
afterAll(async () => h?.close());

async function page(shop: string, query = ""): Promise<Page> {
  const res = await h.call(routes.activity, "loader", await h.request(shop, `/app/activity${query}`));
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}
async function csv(shop: string, query = ""): Promise<string[]> {
  const res = await h.call(routes.csv, "loader", await h.request(shop, `/app/activity/csv${query}`));
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toContain("text/csv");
  return (await res.text()).trim().split("\n");
}

describe("Activity", () => {
  it("lists this shop's syncs newest first, 50 a page, with the reason in words", async () => {
    const first = await page(SHOP_A);
    expect(first.rows).toHaveLength(50);
    expect(first.rows.slice(0, 2).map((r) => [r.sku, r.decision, r.reason])).toEqual([
      [a.items[2].sku, "FAILED", "NOT_TRACKED_AT_LOCATION"],
      [a.items[1].sku, "SKIPPED", "NEVER"],
    ]);
    expect(first.rows[1].text).toBe("Not synced: this item is set to Never.");
    const older = await page(SHOP_A, `?before=${first.olderThan}`);
    expect(older.rows[0].id).toBeLessThan(first.rows[49].id);
    const b = await page(SHOP_B);
    expect(b.rows.map((r) => r.reason)).toEqual(["NEVER"]);
  });

  it("filters by item, decision, reason and date", async () => {
    expect((await page(SHOP_A, `?sku=${encodeURIComponent(a.items[1].sku)}`)).rows.map((r) => r.reason)).toEqual(["NEVER"]);
    expect((await page(SHOP_A, "?decision=FAILED")).rows.map((r) => r.sku)).toEqual([a.items[2].sku]);
    expect((await page(SHOP_A, "?reason=NEVER")).rows).toHaveLength(1);
    expect((await page(SHOP_A, "?from=2026-11-02&to=2026-11-02")).rows).toHaveLength(2);
    expect((await page(SHOP_A, "?to=2026-11-01&decision=SKIPPED")).rows).toHaveLength(0);
    // Another shop's SKU finds nothing here.
    expect((await page(SHOP_A, `?sku=${encodeURIComponent(b.items[0].sku)}&decision=SKIPPED`)).rows).toHaveLength(0);
  });

  it("the CSV holds every selected row (no page cap), spreadsheet-safe, this shop only", async () => {
    const all = await csv(SHOP_A);
    expect(all[0]).toBe(ACTIVITY_CSV_HEADER.join(","));
    expect(all).toHaveLength(1 + 1202);
    expect(all[1]).toContain("'=cmd"); // a formula is never handed to a spreadsheet as one
    const never = await csv(SHOP_A, "?reason=NEVER");
    expect(never).toHaveLength(2);
    expect(never[1]).toContain(`${a.items[1].sku},${a.items[1].id}`);
    expect(never[1]).toContain("Not synced: this item is set to Never.");
    expect(await csv(SHOP_B)).toHaveLength(2);
  });
});
