// The commands' one fan-out (commands/queue-syncs.ts) against a real database: which stores of the customer
// get syncs queued and a writer kicked, and where skips are logged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { queueCustomerSyncs } from "../../app/.server/commands/queue-syncs";
import { loadConnectedScope, type ConnectedScope } from "../../app/.server/db/shop-scope";
import { createTestDb, type TestDb } from "../support/test-db";
import { LOCATION, seedConnectedShop, type SeededShop } from "../support/ui/catalog";

let db: TestDb;
let prisma: PrismaClient;
let acting: SeededShop;
let scope: ConnectedScope;
const OTHER = "other.myshopify.com";
const SYNC_OFF = "sync-off.myshopify.com";
const UNINSTALLED = "uninstalled.myshopify.com";
const sent: { name: string; data: unknown; shopId?: string }[] = [];
const queue = {
  async send<T>(name: string, data: T, options?: { shopId?: string }) {
    sent.push({ name, data, shopId: options?.shopId });
    return "job";
  },
};

beforeAll(async () => {
  db = await createTestDb();
  prisma = db.prisma;
  acting = await seedConnectedShop(prisma, "acting.myshopify.com", [
    { sku: "ALWAYS-1", syncSetting: "ALWAYS", stock: { 1: 12 }, known: 3 },
    { sku: "NEVER-1", syncSetting: "NEVER", stock: { 1: 8 }, known: 3 },
  ]);
  // Three more stores of the same customer, each with both items matched.
  for (const [shopId, data] of [
    [OTHER, {}],
    [SYNC_OFF, { syncEnabled: false }],
    [UNINSTALLED, { uninstalledAt: new Date("2026-01-01T00:00:00Z") }],
  ] as const) {
    await prisma.shop.create({ data: { id: shopId, name: shopId, customerId: acting.customerId, defaultLocationId: LOCATION, ...data } });
    for (const [k, item] of acting.items.entries()) {
      await prisma.itemLink.create({
        data: {
          shopId,
          itemId: item.id,
          productId: `gid://shopify/Product/${shopId}-${k}`,
          variantId: `gid://shopify/ProductVariant/${shopId}-${k}`,
          inventoryItemId: `gid://shopify/InventoryItem/${shopId}-${k}`,
          productTitle: item.sku,
          variantTitle: "Default Title",
          tracked: true,
        },
      });
    }
  }
  scope = (await loadConnectedScope(prisma, acting.shopId))!;
});
afterAll(() => db?.drop());

describe("queueCustomerSyncs", () => {
  it("queues in every connected, installed store with sync on; logs skips only in the acting store", async () => {
    const ids = acting.items.map((i) => i.id);
    const result = await queueCustomerSyncs(prisma, queue, scope, [...ids, "not-an-item"], { trigger: "MANUAL", logSkips: true, runId: null });

    // The acting shop's plan: the Always item is written, the Never item skipped, the unknown id missing.
    expect(result.writes).toMatchObject([{ itemId: acting.items[0].id, locationId: LOCATION, quantity: 12, before: 3, reason: "ALWAYS" }]);
    expect(result.skips).toMatchObject([{ itemId: acting.items[1].id, reason: "NEVER" }]);
    expect(result.missing).toEqual(["not-an-item"]);

    const pending = await prisma.pendingSync.findMany({ orderBy: { shopId: "asc" } });
    expect(pending.map((p) => ({ shopId: p.shopId, itemId: p.itemId, wanted: p.wanted, trigger: p.trigger, force: p.force }))).toEqual([
      { shopId: acting.shopId, itemId: acting.items[0].id, wanted: 12, trigger: "MANUAL", force: true },
      { shopId: OTHER, itemId: acting.items[0].id, wanted: 12, trigger: "MANUAL", force: true },
    ]);
    expect(sent.filter((s) => s.name === "shop-writer").map((s) => s.shopId).sort()).toEqual([acting.shopId, OTHER]);

    const logs = await prisma.syncLog.findMany();
    expect(logs.map((l) => ({ shopId: l.shopId, itemId: l.itemId, decision: l.decision, reason: l.reason, quantityBefore: l.quantityBefore }))).toEqual([
      { shopId: acting.shopId, itemId: acting.items[1].id, decision: "SKIPPED", reason: "NEVER", quantityBefore: 3 },
    ]);
  });
});
